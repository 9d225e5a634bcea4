"""The two tables of hbtn_4_tx.sql as classes, for the ORM steps 2 and 8.

Defined once, here, for both steps: State, with its visits counter, and
City, in SQLAlchemy 2.x's typed mappings; and the engine those steps
(and step 14, which maps a versioned State of its own) open on the
server.  The DB-API steps never import this module, so they
do not load SQLAlchemy.
"""
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import create_engine
from sqlalchemy.engine import URL
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

import hints


def engine(user, password, database):
    """Return an engine for the server, as the task's ORM steps make it.

    URL.create quotes the password; the server is hints.host() and
    hints.port() (MYSQL_HOST and MYSQL_TCP_PORT, checked).  Each
    connection turns innodb_snapshot_isolation off, as kit.connect does.
    """
    return create_engine(URL.create(
        "mysql+mysqldb", username=user, password=password,
        host=hints.host(), port=hints.port(),
        database=database, query={"charset": "utf8mb4"}),
        connect_args={"init_command": "SET /*M!110602 SESSION"
                      " innodb_snapshot_isolation = OFF, */ @hbtn_part4 = 1"})


class Base(DeclarativeBase):
    """The registry of the two tables of hbtn_4_tx.sql."""


class State(Base):
    """A state: one row of the states table, with its visits counter."""

    __tablename__ = "states"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(256), unique=True)
    visits: Mapped[int] = mapped_column(default=0)


class City(Base):
    """A city: one row of the cities table, pointing to its state."""

    __tablename__ = "cities"
    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id"))
    name: Mapped[str] = mapped_column(String(256))
