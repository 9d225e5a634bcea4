#!/usr/bin/env python3
"""Step 0: one model, any database: the URL alone picks the server.

The same State class and the same select() run on SQLite (a file, no
server), MariaDB and PostgreSQL: the dialect, chosen by the URL's scheme,
writes each one's SQL, and the driver after the + carries it.  On a new
database the step first loads the task's five states and fifteen cities.

Usage: ./0-list_states.py URL
"""
from sqlalchemy import select
from sqlalchemy.orm import Session

import kit
from models import State


def main(url):
    """Print every state as "id: name", in id order."""
    engine = kit.engine(url)
    kit.ready(engine)
    query = select(State).order_by(State.id)
    with Session(engine) as session:
        for state in session.scalars(query):
            print("{}: {}".format(state.id, state.name))


if __name__ == "__main__":
    kit.run(main)
