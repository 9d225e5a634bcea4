#!/usr/bin/env python3
"""Step 5: N+1 at scale: lazy, selectin and joined loading, counted.

Task step 101 prints every state with its cities.  Loaded lazily, each
state's cities come with their own SELECT the first time the loop reads
state.cities: one query for the states, then one per state (N+1).
selectinload() sends one more SELECT for the cities of all the states
loaded (IN, 500 ids at a time); joinedload() one SELECT with a LEFT
OUTER JOIN.  The step counts the statements sent by each way on the
first 10, 100 and 1000 states, checks that they print the same lines,
and times them at 1000 states.

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


def measure(engine, how, count, runs):
    """(statements sent, best time of the runs, the lines) for one way."""
    sent = []

    def count_one(*args):
        """Count a statement handed to the driver."""
        sent.append(args[2])
    event.listen(engine, "before_cursor_execute", count_one)
    times = []
    for _ in range(runs):
        with kit.clock(times):
            lines = listing(engine, how, count)
    event.remove(engine, "before_cursor_execute", count_one)
    if runs > 1:
        kit.note("time: {:.6f} s: {} {}".format(
            min(times), count, how.__name__))
    return len(sent) // runs, min(times), lines


def main(url):
    """Count and time the three ways at three sizes."""
    engine = kit.engine(url)
    for count in (10, 100, 1000):
        # Timed at 1000 states only, the best of three runs.
        found = {name: measure(engine, how, count, 3 if count == 1000
                               else 1) for name, how in WAYS.items()}
        same = len({str(lines) for _, _, lines in found.values()}) == 1
        print("{} states: {}; the same lines: {}".format(count, ", ".join(
            "{} {} statements".format(name, sent)
            for name, (sent, _, _) in found.items()),
            "yes" if same else "no"))
    print("at 1000 states, selectin faster than lazy:", kit.faster(
        found["lazy"][1], found["selectin"][1], 1.2))


if __name__ == "__main__":
    kit.run(main, "URL")
