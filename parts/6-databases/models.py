"""The models of Part 6: one State and one City for three databases.

SQLAlchemy 2.x typed mappings (DeclarativeBase, Mapped, mapped_column):
the same two classes create and read the tables on SQLite, MariaDB and
PostgreSQL; each dialect turns them into its own SQL (step 2 shows it).
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
