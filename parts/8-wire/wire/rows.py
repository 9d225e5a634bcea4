"""From a row's bytes to Python values, to a mapped object, to a dict.

The text protocol sends every value as text; the column definitions
say what each column is.  A driver turns the text into Python values by
the column's type; an ORM then sets the mapped class's attributes from
the columns' names; a web API turns the same values into a dict.
"""
from sqlalchemy import String
from sqlalchemy import inspect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from wire.reader import WireError

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
    raise WireError("type {} is not converted here".format(kind))


def to_object(cls, names, values):
    """An instance of ``cls`` whose mapped columns come from the row."""
    columns = {c.name: c.key for c in inspect(cls).columns}
    return cls(**{columns[n]: v for n, v in zip(names, values)})


def to_dict(names, values):
    """The row as a dict of column name to value."""
    return dict(zip(names, values))
