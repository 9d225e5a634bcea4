#!/usr/bin/env python3
"""Step 2: list and read with select(), a state with its cities.

State.query (step 1) is Flask-SQLAlchemy's legacy interface: a query
object bound to the model, SQLAlchemy 1.x's Query.  SQLAlchemy 2.x
builds a statement with select() and runs it in the session,
db.session.execute(db.select(State)); the same select() works in Core,
in the ORM and in async code, and Query gets no new features.  Both
send the same SQL; this step's list gives the same JSON as step 1's.

A new model, City, and GET /api/states/<id> with its cities, in two
queries (selectinload).  An id is ASCII digits only, below 2**31:
Werkzeug's <int:> takes any Unicode digit (int("٢") is 2) and any size
(an INTEGER overflow on the server, a 500).  Errors are JSON.

Usage: ./parts/9-web/2-select.py [--port P]
"""
import importlib

from flask import jsonify
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import HTTPException
from werkzeug.exceptions import NotFound
from werkzeug.routing import BaseConverter

import kit

step1 = importlib.import_module("1-app_factory")
db = step1.db
State = step1.State


class City(db.Model):
    """A city, and the state it belongs to."""

    __tablename__ = "cities"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id"))
    state: Mapped[State] = relationship(back_populates="cities")

    def as_dict(self):
        """The city as JSON will show it."""
        return {"id": self.id, "name": self.name}


# A mapped class takes a new attribute as a new mapped property.
State.cities = relationship(City, back_populates="state",
                            order_by=City.id)


class Id(BaseConverter):
    """A row's id in a URL: ASCII digits, from 1 to 2**31 - 1."""

    regex = "[0-9]{1,10}"

    def to_python(self, value):
        """The id as a number; one no row can have is a plain 404."""
        number = int(value)
        if not 0 < number < 2**31:
            raise NotFound()
        return number

    def to_url(self, value):
        """The id as the URL shows it."""
        return str(value)


def list_states():
    """Every state, in id order: db.session.execute(db.select(...))."""
    states = db.session.execute(
        db.select(State).order_by(State.id)).scalars()
    return jsonify([state.as_dict() for state in states])


def read_state(state_id):
    """One state with its cities, or a 404 that says which id."""
    state = db.first_or_404(
        db.select(State).where(State.id == state_id)
        .options(selectinload(State.cities)),
        description="no state with id {}".format(state_id))
    return jsonify(dict(state.as_dict(), cities=[
        city.as_dict() for city in state.cities]))


def as_json(error):
    """Any HTTP error as {"error": "..."}, with its status and headers."""
    message = vars(error).get("description") or error.name
    headers = [(key, value) for key, value in error.get_headers()
               if key.lower() != "content-type"]
    return jsonify(error=message), error.code, headers


def create_app(config=None):
    """Step 1's application, its list in 2.x style, reads, JSON errors."""
    app = step1.create_app(config)
    app.url_map.converters["id"] = Id
    # The same URL, a new view behind it.
    app.view_functions["list_states"] = list_states
    app.add_url_rule("/api/states/<id:state_id>", view_func=read_state)
    app.register_error_handler(HTTPException, as_json)
    return app


def main(port):
    """Serve this step's application on 127.0.0.1 until Ctrl-C."""
    kit.serve(create_app(), port)


if __name__ == "__main__":
    kit.run(main, "[--port P]")
