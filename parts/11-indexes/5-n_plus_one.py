#!/usr/bin/env python3
"""Step 5: N+1 at scale: lazy, selectin and joined loading, counted.

Task step 101 prints every state with its cities.  Loaded lazily, each
state's cities come with their own SELECT the first time the loop reads
state.cities: one query for the states, then one per state (N+1).
selectinload() sends one more SELECT for the cities of all the states
loaded (IN, 500 ids at a time); joinedload() one SELECT with a LEFT
OUTER JOIN.  The step runs the three ways in turn on the first 10 and
1000 states (or on as many as it is given), counts the statements each
sent, checks that they print the same lines, and compares their times,
the best of three runs each (one run each above 1000 states: at 100000
a run takes minutes).

Usage: ./5-n_plus_one.py URL [STATES]
"""
import sys
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
SIZES = (10, 1000)
# The floor of the speed-ups the step claims: over loopback a statement
# costs a fraction of a millisecond, and building the objects costs the
# same every way.
FLOOR = 1.1


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
    """(statements sent, the lines, seconds taken) for one way."""
    sent = []
    took = []

    def count_one(*args):
        """Count a statement handed to the driver."""
        sent.append(args[2])
    event.listen(engine, "before_cursor_execute", count_one)
    with kit.clock(took):
        lines = listing(engine, how, count)
    event.remove(engine, "before_cursor_execute", count_one)
    return len(sent), lines, took[0]


def compare(engine, count):
    """Run the three ways in turn at ``count`` states; print what each did.
    """
    runs = 3 if count <= 1000 else 1
    found = {name: [] for name in WAYS}
    for _ in range(runs):
        for name, how in WAYS.items():
            found[name].append(measure(engine, how, count))
    best = {name: min(took for _, _, took in each)
            for name, each in found.items()}
    for name, how in WAYS.items():
        kit.note("time: {:.6f} s: {} {}".format(
            best[name], count, how.__name__))
    same = len({str(lines) for each in found.values()
                for _, lines, _ in each}) == 1
    print("{} states: {}; the same lines: {}".format(count, ", ".join(
        "{} {} statements".format(name, each[0][0])
        for name, each in found.items()), "yes" if same else "no"))
    print("  faster than lazy: selectin {}; joined {}".format(
        kit.faster(best["lazy"], best["selectin"], FLOOR),
        kit.faster(best["lazy"], best["joined"], FLOOR)))


def main(url, states=None):
    """Compare the three ways at each size."""
    if states is not None and not (states.isdigit() and int(states)):
        sys.exit("Error: STATES is a number from 1")
    engine = kit.engine(url)
    for count in [int(states)] if states else SIZES:
        compare(engine, count)


if __name__ == "__main__":
    kit.run(main, "URL [STATES]")
