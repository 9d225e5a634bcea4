"""The task's two tables as models, ready for asyncio: State and City.

The same models as Part 6's, in SQLAlchemy 2.x's style, with one mixin
more: AsyncAttrs gives every object ``awaitable_attrs``, through which a
lazy attribute can be awaited (step 3).
"""
from typing import List

from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy.ext.asyncio import AsyncAttrs
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship


class Base(AsyncAttrs, DeclarativeBase):
    """The registry of the part's mapped classes, with awaitable_attrs."""


class State(Base):
    """A state: one row of states, with its cities in id order."""

    __tablename__ = "states"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    cities: Mapped[List["City"]] = relationship(
        back_populates="state", order_by="City.id")


class City(Base):
    """A city: one row of cities, pointing to its state."""

    __tablename__ = "cities"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id"))
    state: Mapped[State] = relationship(back_populates="cities")
