#!/usr/bin/env python3
"""Step 0: a database of the part's own, emptied to start over.

DATABASE_URL names it (a SQLite file, .local/hbtn_9.db, when unset): it
is made on its server if it is missing, then every table in it is
dropped, whatever step made it, so the next step starts from nothing.
The task's databases are refused: this step would empty them.

Usage: ./parts/9-web/0-reset_database.py
"""
from sqlalchemy import MetaData
from sqlalchemy import create_engine

import kit


def main():
    """Make the database if needed, then drop every table it has."""
    url = kit.database_url()
    kit.create_database(url)
    engine = create_engine(url)
    tables = MetaData()
    # reflect() reads the tables the database has, foreign keys included,
    # so drop_all() drops them in an order the keys allow.
    tables.reflect(engine)
    tables.drop_all(engine)
    engine.dispose()
    print("The database is empty.")


if __name__ == "__main__":
    kit.run(main, "")
