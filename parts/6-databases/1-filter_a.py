#!/usr/bin/env python3
"""Step 1: the states whose name holds a lower-case a, exact on each one.

"Contains a" is not one SQL text: SQLite's LIKE ignores the case of ASCII
letters, MariaDB's ignores case and accents (its collation), and only
PostgreSQL's compares characters as they are.  databases.contains() lets
the dialect pick each one's exact comparison, in that one place.

Usage: ./1-filter_a.py URL
"""
from sqlalchemy import select
from sqlalchemy.orm import Session

import databases
from databases import State


def main(url):
    """Print "id: name" for each state whose name holds an a, in id order."""
    engine = databases.engine(url)
    databases.ready(engine)
    has_a = databases.contains(engine, State.name, "a")
    query = select(State).where(has_a).order_by(State.id)
    with Session(engine) as session:
        for state in session.scalars(query):
            print("{}: {}".format(state.id, state.name))


if __name__ == "__main__":
    databases.run(main)
