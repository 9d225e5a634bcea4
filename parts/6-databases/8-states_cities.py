#!/usr/bin/env python3
"""Step 8: the task's listing (step 101), one query, on every database.

joinedload() loads each state's cities in the same SELECT, with a LEFT
OUTER JOIN, and the dialect writes that SELECT for its database: one
query on each of the three, and the same lines from all of them.

Usage: ./8-states_cities.py URL
"""
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm import Session

import kit
from models import State


def main(url):
    """Print each state, then a tab-indented line for each of its cities."""
    engine = kit.engine(url)
    kit.ready(engine)
    query = (select(State).options(joinedload(State.cities))
             .order_by(State.id))
    with Session(engine) as session:
        for state in session.scalars(query).unique():
            print("{}: {}".format(state.id, state.name))
            for city in state.cities:
                print("\t{}: {}".format(city.id, city.name))


if __name__ == "__main__":
    kit.run(main)
