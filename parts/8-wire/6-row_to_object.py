#!/usr/bin/env python3
"""Step 6: from the bytes of a row to an object and to a dictionary.

The same SELECT through the proxy as step 0, then what a driver and an
ORM do with its packets, here by hand: the column definitions give each
column's name and type, each row's length-encoded strings are converted
by type (the id arrives as the text "1" and becomes the int 1), mapped
onto a State (what the ORM does) and onto a dict (what a web API
returns).  Last, the driver's own rows, which must be the same.

Usage: ./parts/8-wire/6-row_to_object.py mysql_username mysql_password
       database_name
"""
import json
import sys

import pymysql
from sqlalchemy import String
from sqlalchemy import inspect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

import hints
import kit
import wire

QUERY = "SELECT id, name FROM states ORDER BY id"
# MySQL's type numbers of the integers and of the texts.
INTEGERS = {1, 2, 3, 8, 9, 13}
TEXTS = {15, 252, 253, 254}


class Base(DeclarativeBase):
    """The declarative base of this part's one model."""


class State(Base):
    """A state, mapped as in the task's model_state.py."""

    __tablename__ = "states"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))

    def __repr__(self):
        """Show the object with its attributes, as a reader expects."""
        return "State(id={!r}, name={!r})".format(self.id, self.name)


def convert(data, kind):
    """A text-protocol value of MySQL type ``kind`` as a Python value."""
    if data is None:
        return None
    if kind in INTEGERS:
        return int(data.decode("ascii"))
    if kind in TEXTS:
        return data.decode("utf-8")
    raise kit.WireError("type {} is not converted here".format(kind))


def to_object(cls, names, values):
    """An instance of ``cls`` whose mapped columns come from the row."""
    columns = {c.name: c.key for c in inspect(cls).columns}
    return cls(**{columns[n]: v for n, v in zip(names, values)})


def to_dict(names, values):
    """The row as a dict of column name to value."""
    return dict(zip(names, values))


def record(user, password, database):
    """Run the query with PyMySQL through the proxy; packets and rows."""
    with kit.Proxy(kit.mysql()) as proxy:
        db = pymysql.connect(host="127.0.0.1", port=proxy.port, user=user,
                             password=password, database=database,
                             charset="utf8mb4", ssl_disabled=True)
        try:
            with db.cursor() as cursor:
                cursor.execute(QUERY)
                rows = cursor.fetchall()
        finally:
            db.close()
    return wire.decode(wire.packets(proxy.chunks)), rows


def columns_of(found):
    """The names and the definitions of the result's columns."""
    columns = [m.fields for m in found if m.kind == "column definition"]
    return [c["name"].decode("utf-8") for c in columns], columns


def show_row(message, names, columns):
    """Print one row as bytes, values, object, dict; return its values."""
    raw = message.fields["values"]
    values = tuple(convert(v, c["type"]) for v, c in zip(raw, columns))
    print("\nrow bytes  " + message.packet.payload.hex(" "))
    print("values     {!r}".format(raw))
    print("converted  {!r}".format(values))
    print("State      {!r}".format(to_object(State, names, values)))
    print("dict       {!r}".format(to_dict(names, values)))
    print("JSON       " + json.dumps(to_dict(names, values)))
    return values


def main(user, password, database):
    """Print each row's bytes, values, object and dict; then compare."""
    messages, rows = record(user, password, database)
    found = wire.exchange(messages, QUERY)
    names, columns = columns_of(found)
    print("columns: " + ", ".join("{}: type {}".format(
        n, wire.named(c["type"], wire.TYPES)) for n, c in zip(names, columns)))
    made = [show_row(m, names, columns) for m in found if m.kind == "row"]
    print("\nPyMySQL's own rows are the same: {}".format(
        "yes" if list(rows) == made else "no"))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("Usage: {} mysql_username mysql_password database_name"
                 .format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except (pymysql.Error, kit.WireError, UnicodeError,
            ValueError) as error:
        sys.exit(hints.explain(error))
