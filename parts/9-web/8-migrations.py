#!/usr/bin/env python3
"""Step 8: migrations make the tables, not db.create_all().

create_all() makes a missing table and never changes one that exists: a
new column in a model never reaches a database made before it.
Flask-Migrate hands the schema to Alembic: each change is a revision
file in parts/9-web/migrations/versions/, written by
`flask db migrate` (which compares the models with the database) and
read by a person, and `flask db upgrade` applies the revisions a
database has not had yet, on SQLite as on PostgreSQL.  Revision 0001
makes the states and cities and puts the task's rows in.

Usage: flask --app parts/9-web/8-migrations.py db upgrade|current|...
       ./parts/9-web/8-migrations.py [--port P]
"""
import importlib
from pathlib import Path

from flask_migrate import Migrate

import kit

step7 = importlib.import_module("7-database_down")
db = step7.db
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def create_app(config=None):
    """Step 7's application, its tables left to `flask db upgrade`."""
    app = step7.create_app(dict(config or {}, CREATE_TABLES=False))
    Migrate(app, db, directory=str(MIGRATIONS))
    return app


def main(port):
    """Serve this step's application on 127.0.0.1 until Ctrl-C."""
    kit.serve(create_app(), port)


if __name__ == "__main__":
    kit.run(main, "[--port P]")
