#!/usr/bin/env python3
"""Step 14: optimistic locking: a version number, checked by each UPDATE.

The states' mapping names its version column as ``version_id_col``: the
ORM adds ``AND version = <the version it loaded>`` to each UPDATE and
sets the next number.  Two sessions load Texas, version 1; two adds a
visit and commits (version 2); one's UPDATE then matches no row, and
the ORM raises StaleDataError instead of writing over two's visit.  One
runs its transaction again from the start.  No lock is held between the
read and the write.

Usage: ./parts/4-transactions/14-version_id.py mysql_username
       mysql_password database_name
"""
import sys

from sqlalchemy import String
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import Session
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm.exc import StaleDataError

import kit
from models import engine

ERRORS = kit.ERRORS + (SQLAlchemyError,)
ATTEMPTS = 3


class Base(DeclarativeBase):
    """A registry of its own: models.py maps states without a version."""


class State(Base):
    """A state whose every UPDATE checks, then advances, its version."""

    __tablename__ = "states"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(256), unique=True)
    visits: Mapped[int] = mapped_column()
    version: Mapped[int] = mapped_column()
    __mapper_args__ = {"version_id_col": version}


def add_one(session, who, meanwhile):
    """One transaction: load Texas, run ``meanwhile``, add one visit."""
    with session.begin():
        texas = session.scalars(select(State).where(State.name == "Texas"))
        texas = texas.one()
        print("  {}: loads Texas, visits = {}, version {}".format(
            who, texas.visits, texas.version))
        meanwhile()
        texas.visits += 1
        session.flush()
        print("  {}: writes visits = {}, version {}, COMMIT".format(
            who, texas.visits, texas.version))


def nothing():
    """Do nothing between the read and the write: no one overtakes."""


def with_retry(session, who, meanwhile):
    """Run add_one() until it commits, again from the start when stale."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return add_one(session, who, meanwhile)
        except StaleDataError as error:
            # session.begin() has rolled the transaction back.
            if attempt == ATTEMPTS:
                raise
            print("  {}: refused, StaleDataError: {}".format(who, error))
            print("  {}: ROLLBACK, again from the start".format(who))
            meanwhile = nothing


def main(user, password, database):
    """Run one's transaction with a retry, overtaken by two's once."""
    kit.reset(user, password, database)
    server = engine(user, password, database)
    print("MariaDB, version_id_col, with a retry")
    with Session(server) as one, Session(server) as two:
        with_retry(one, "one", lambda: add_one(two, "two", nothing))
        visits = one.scalar(select(State.visits).where(State.name == "Texas"))
        print("  Texas: visits = {}, 2 expected".format(visits))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(kit.USAGE.format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except ERRORS as error:
        sys.exit(kit.explain(error))
