"""The models of Part 7: the schema the chain of revisions leads to.

SQLAlchemy 2.x typed mappings of the four tables at head (0005): State,
City, User and Address, with their relationships both ways, and the two
timestamps every table has.  Alembic's autogenerate compares them with a
migrated database (step 3); step 4 uses them; step 5 names their foreign
keys by a convention.  The revisions never import this module: their DDL
is their own, frozen when they were written.
"""
from datetime import datetime
from typing import List

from sqlalchemy import DateTime
from sqlalchemy import ForeignKey
from sqlalchemy import func
from sqlalchemy import String
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

# A timestamp to the microsecond on MariaDB too (DATETIME alone keeps
# whole seconds, and an update in the same second would not show).
STAMP = DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql")


class Base(DeclarativeBase):
    """The registry of the part's mapped classes: the schema at head."""


class Stamped:
    """Two columns the database fills: when a row was made and changed.

    The server defaults are the revisions' (versions/0002 and later); the
    models only say the columns exist, so the ORM reads them back.
    """

    created_at: Mapped[datetime] = mapped_column(
        STAMP, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        STAMP, server_default=func.now())


class State(Stamped, Base):
    """A state, with its cities."""

    __tablename__ = "states"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    cities: Mapped[List["City"]] = relationship(
        back_populates="state", order_by="City.id")


class City(Stamped, Base):
    """A city of a state, and the addresses located in it."""

    __tablename__ = "cities"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id"))
    state: Mapped[State] = relationship(back_populates="cities")
    addresses: Mapped[List["Address"]] = relationship(
        back_populates="city", order_by="Address.id")


class User(Stamped, Base):
    """A user, whose e-mail address is unique (in lower case)."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    email: Mapped[str] = mapped_column(String(128), index=True, unique=True)
    addresses: Mapped[List["Address"]] = relationship(
        back_populates="user", order_by="Address.id")


class Address(Stamped, Base):
    """A street address of a user, located in a city."""

    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    street: Mapped[str] = mapped_column(String(128))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"))
    user: Mapped[User] = relationship(back_populates="addresses")
    city: Mapped[City] = relationship(back_populates="addresses")
