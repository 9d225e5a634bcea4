"""The models: the states and cities tables as Flask-SQLAlchemy classes.

SQLAlchemy 2.x style: each column is a typed ``Mapped[...]`` attribute
made by ``mapped_column``.  ``db`` is the one Flask-SQLAlchemy object: its
``db.Model`` is built on ``Base``, and ``db.session`` is a session scoped
to the request, closed when the request ends.
"""
from typing import List

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship


class Base(DeclarativeBase):
    """The declarative base every model of the application shares."""


db = SQLAlchemy(model_class=Base)


class State(db.Model):
    """A state and, through ``cities``, its cities in id order."""

    __tablename__ = "states"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    # The ORM deletes a state's cities before the state (the task's
    # foreign key has no ON DELETE CASCADE of its own).
    cities: Mapped[List["City"]] = relationship(
        back_populates="state", cascade="all, delete-orphan",
        order_by="City.id")

    def as_dict(self):
        """Return the state as a dictionary: its id and its name."""
        return {"id": self.id, "name": self.name}

    def with_cities(self):
        """Return the state as a dictionary that lists its cities too."""
        return dict(self.as_dict(),
                    cities=[city.as_dict() for city in self.cities])


class City(db.Model):
    """A city and, through ``state``, the state it belongs to."""

    __tablename__ = "cities"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id"))
    state: Mapped[State] = relationship(back_populates="cities")

    def as_dict(self):
        """Return the city as a dictionary: its id and its name."""
        return {"id": self.id, "name": self.name}


# The longest name the column holds, for the API's validation.
NAME_LENGTH = State.__table__.c.name.type.length
