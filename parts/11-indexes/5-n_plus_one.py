#!/usr/bin/env python3
"""Step 5: N+1 at scale: lazy, selectin and joined loading, counted.

Task step 101 prints every state with its cities.  Loaded lazily, each
state's cities come with their own SELECT the first time the loop reads
state.cities: one query for the states, then one per state (N+1).
selectinload() sends one more SELECT for the cities of all the states
loaded (IN, 500 ids at a time); joinedload() one SELECT with a LEFT
OUTER JOIN.  The step counts the statements sent by each way on the
first 10, 100 and 1000 states, checks that they print the same lines,
and times the three ways at 100 states, in turn, the best of five runs
each: every way's time grows with the states, so the ratio at 100 is the
ratio at 1000, for a tenth of the work.

Usage: ./5-n_plus_one.py URL
"""
from typing import List

from sqlalchemy import event
from sqlalchemy import ForeignKey
from sqlalchemy import select
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import joinedload
from sqlalchemy.orm import lazyload
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship
from sqlalchemy.orm import selectinload
from sqlalchemy.orm import Session

import kit

WAYS = {"lazy": lazyload, "selectin": selectinload, "joined": joinedload}


class Base(DeclarativeBase):
    """The registry of the step's mapped classes."""


class State(Base):
    """A state, with its cities."""

    __tablename__ = "states"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    cities: Mapped[List["City"]] = relationship(order_by="City.id")


class City(Base):
    """A city of a state."""

    __tablename__ = "cities"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id"))


def listing(engine, how, count):
    """The lines of step 101 for the first ``count`` states, loaded how."""
    query = select(State).where(State.id <= count).order_by(State.id)
    with Session(engine) as session:
        return [(state.name, [city.name for city in state.cities])
                for state in session.scalars(
                    query.options(how(State.cities))).unique()]


def measure(engine, how, count):
    """(statements sent, the lines) for one way."""
    sent = []

    def count_one(*args):
        """Count a statement handed to the driver."""
        sent.append(args[2])
    event.listen(engine, "before_cursor_execute", count_one)
    lines = listing(engine, how, count)
    event.remove(engine, "before_cursor_execute", count_one)
    return len(sent), lines


def timed(engine, count, runs=5):
    """{way: best time} at ``count`` states, the ways run in turn."""
    times = {name: [] for name in WAYS}
    for _ in range(runs):
        for name, how in WAYS.items():
            with kit.clock(times[name]):
                listing(engine, how, count)
    for name, how in WAYS.items():
        kit.note("time: {:.6f} s: {} {}".format(
            min(times[name]), count, how.__name__))
    return {name: min(each) for name, each in times.items()}


def main(url):
    """Count the three ways at three sizes, then time them."""
    engine = kit.engine(url)
    for count in (10, 100, 1000):
        found = {name: measure(engine, how, count)
                 for name, how in WAYS.items()}
        same = len({str(lines) for _, lines in found.values()}) == 1
        print("{} states: {}; the same lines: {}".format(count, ", ".join(
            "{} {} statements".format(name, sent)
            for name, (sent, _) in found.items()),
            "yes" if same else "no"))
    best = timed(engine, 100)
    print("at 100 states, selectin faster than lazy:", kit.faster(
        best["lazy"], best["selectin"], 1.2))


if __name__ == "__main__":
    kit.run(main, "URL")
