#!/usr/bin/env python3
"""Step 9: the lectures' users and their addresses, by a second revision.

Two new models: a user (an email, unique, a name, and timestamps the
database itself sets) and an address (a street in one of the cities).
`flask db migrate` wrote revision 0002 from them; `flask db upgrade`
adds the two tables to a database at 0001 and keeps its rows.

An email is kept in lower case: MariaDB's collation finds "A@x.org"
equal to "a@x.org", SQLite and PostgreSQL do not, so a UNIQUE column
would refuse a second account on one and take it on the others.  Stored
one way, the three agree: the second is a 409.

Usage: ./parts/9-web/9-users.py [--port P]
"""
import importlib
from datetime import datetime
from typing import List

from flask import abort
from flask import jsonify
from flask import url_for
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

import kit

step8 = importlib.import_module("8-migrations")
step3 = importlib.import_module("3-create")
City = importlib.import_module("2-select").City
db = step8.db


class User(db.Model):
    """A user: an email, a name, and when the row was made and changed."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(128), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(),
                                                 onupdate=func.now())
    addresses: Mapped[List["Address"]] = relationship(
        back_populates="user", order_by="Address.id")

    def as_dict(self):
        """The user as JSON shows it, with the addresses."""
        return {"id": self.id, "email": self.email, "name": self.name,
                "addresses": [a.as_dict() for a in self.addresses]}


class Address(db.Model):
    """A user's address: a street, in one of the cities."""

    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    street: Mapped[str] = mapped_column(String(128))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"))
    user: Mapped[User] = relationship(back_populates="addresses")
    city: Mapped[City] = relationship()

    def as_dict(self):
        """The address as JSON shows it: the street, city and state."""
        return {"id": self.id, "street": self.street,
                "city": self.city.name, "state": self.city.state.name}


def email_of(value):
    """An email: one @, no spaces, kept in lower case; else a 400."""
    value = step3.name_of(value)
    if value.count("@") != 1 or len(value.split()) != 1:
        abort(400, "the email must be one word with one @, such as"
                   " ada@example.org")
    return value.lower()


def city_of(value):
    """The city whose id the body gives, or a 400."""
    city = None
    if type(value) is int and 0 < value < 2**31:
        city = db.session.get(City, value)
    if city is None:
        abort(400, "city_id must be the id of a city, such as 6")
    return city


def create_user():
    """Add a user: 201 and the user, or 409 if the email is taken."""
    body = step3.fields("email", "name")
    user = User(email=email_of(body["email"]),
                name=step3.name_of(body["name"]))
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return jsonify(error="a user with this email exists"), 409
    where = url_for("read_user", user_id=user.id)
    return jsonify(user.as_dict()), 201, {"Location": where}


def read_user(user_id):
    """One user with the addresses, or a 404."""
    return jsonify(db.get_or_404(User, user_id, description="no user"
                                 " with id {}".format(user_id)).as_dict())


def add_address(user_id):
    """Add an address to a user: 201 and the user, or 404 or 400."""
    user = db.get_or_404(User, user_id,
                         description="no user with id {}".format(user_id))
    body = step3.fields("street", "city_id")
    user.addresses.append(Address(street=step3.name_of(body["street"]),
                                  city=city_of(body["city_id"])))
    db.session.commit()
    return jsonify(user.as_dict()), 201


def create_app(config=None):
    """Step 8's application, with users and their addresses."""
    app = step8.create_app(config)
    app.add_url_rule("/api/users", view_func=create_user, methods=["POST"])
    app.add_url_rule("/api/users/<id:user_id>", view_func=read_user)
    app.add_url_rule("/api/users/<id:user_id>/addresses",
                     view_func=add_address, methods=["POST"])
    return app


def main(port):
    """Serve this step's application on 127.0.0.1 until Ctrl-C."""
    kit.serve(create_app(), port)


if __name__ == "__main__":
    kit.run(main, "[--port P]")
