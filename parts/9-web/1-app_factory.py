#!/usr/bin/env python3
"""Step 1: an application factory and one model, on any database.

create_app(config) builds a new Flask application each time it is
called: the tests make one per database, a server makes one.  The
database is never in the code: DATABASE_URL names it (SQLite, a file,
when unset; PostgreSQL or MariaDB in production), and the same model
and the same query give the same JSON on all three.

The query here is Flask-SQLAlchemy's legacy one, State.query, as the
lectures write it; step 2 says why 2.x prefers another.  db.create_all()
makes the tables from the models (step 8 hands that to migrations).

Usage: ./parts/9-web/1-app_factory.py [--port P]
"""
from flask import Flask
from flask import jsonify
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

import kit


class Base(DeclarativeBase):
    """The declarative base of every model of the application."""


db = SQLAlchemy(model_class=Base)


class State(db.Model):
    """A state: its id, its name, and the version of its row (step 5)."""

    __tablename__ = "states"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    version: Mapped[int] = mapped_column(default=1)

    def as_dict(self):
        """The state as JSON will show it: its columns, in their order."""
        return {"id": self.id, "name": self.name, "version": self.version}


def list_states():
    """Every state, in id order, through the legacy Model.query."""
    states = State.query.order_by(State.id).all()
    return jsonify([state.as_dict() for state in states])


def create_app(config=None):
    """Return a new application; ``config`` overrides the defaults."""
    app = Flask(__name__)
    app.config.update(SQLALCHEMY_DATABASE_URI=kit.database_url(),
                      CREATE_TABLES=True)
    app.config.update(config or {})
    # Names as they are stored (no \u escapes), keys in the model's order.
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    db.init_app(app)
    app.add_url_rule("/api/states", view_func=list_states)
    if app.config["CREATE_TABLES"]:
        with app.app_context():
            db.create_all()
            kit.load(db)
    return app


def main(port):
    """Serve this step's application on 127.0.0.1 until Ctrl-C."""
    kit.serve(create_app(), port)


if __name__ == "__main__":
    kit.run(main, "[--port P]")
