#!/usr/bin/env python3
"""Step 3: where a new row's id comes from, and how it comes back.

The database gives the id (SQLite's rowid, MariaDB's AUTO_INCREMENT,
PostgreSQL's sequence); SQLAlchemy must then learn it: from the driver's
cursor.lastrowid, or from the INSERT itself with RETURNING.  Each dialect
chooses, and the INSERTs sent show it.  The step starts from the task's
rows and rolls its inserts back.

Usage: ./3-new_ids.py URL
"""
from sqlalchemy.orm import Session

import kit
from models import State


def main(url):
    """Insert one state, then two, printing the INSERTs and the ids."""
    engine = kit.engine(url)
    kit.reset(engine)
    kit.echo(engine, "INSERT")
    with Session(engine) as session:
        for names in (["Hawaii"], ["Alaska", "Ohio"]):
            states = [State(name=name) for name in names]
            session.add_all(states)
            session.flush()
            for state in states:
                print("{} got id {}".format(state.name, state.id))
        session.rollback()


if __name__ == "__main__":
    kit.run(main)
