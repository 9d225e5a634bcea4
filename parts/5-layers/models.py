"""The models of Part 5's ORM steps: State and City in SQLAlchemy 2.x style.

DeclarativeBase, Mapped and mapped_column declare the task's two tables
once, for steps 3, 6 and 14: each attribute says its Python type, and
the relationship between the two says how a state reaches its cities.
"""
from typing import List

from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship


class Base(DeclarativeBase):
    """The registry of the part's mapped classes (2.0 style)."""


class State(Base):
    """A state: one row of states, with its cities in id order."""

    __tablename__ = "states"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(256))
    cities: Mapped[List["City"]] = relationship(
        back_populates="state", order_by="City.id")


class City(Base):
    """A city: one row of cities, pointing to its state."""

    __tablename__ = "cities"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(256))
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id"))
    state: Mapped[State] = relationship(back_populates="cities")
