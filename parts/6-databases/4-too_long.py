#!/usr/bin/env python3
"""Step 4: a name longer than String(128): refused by two, kept by one.

String(128) becomes VARCHAR(128) everywhere, but only MariaDB (in its
default strict mode) and PostgreSQL enforce the length; SQLite stores any
text in any column.  The step starts from the task's rows and rolls its
insert back.

Usage: ./4-too_long.py URL
"""
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

import kit
from models import State


def main(url):
    """Insert a 129-character name and say what the database did."""
    engine = kit.engine(url)
    kit.reset(engine)
    with Session(engine) as session:
        state = State(name="x" * 129)
        session.add(state)
        try:
            session.flush()
            session.expire(state)
            print("kept: {} characters".format(len(state.name)))
        except DBAPIError as error:
            print("refused: {}: {}".format(type(error).__name__,
                                           kit.message(error)))
        session.rollback()


if __name__ == "__main__":
    kit.run(main)
