#!/usr/bin/env python3
"""Step 6: case and accents in =, LIKE and ORDER BY: the collation rules.

Four more states differ from Nevada or Texas only by case, an accent or a
trailing space.  Each database compares text by its collation: MariaDB's
utf8mb4_unicode_ci ignores all three, SQLite's BINARY and PostgreSQL's C
compare code points, except that SQLite's LIKE ignores ASCII case.  The
same three queries give three answers.  The step starts from the task's
rows and rolls its inserts back.

Usage: ./6-collations.py URL
"""
from sqlalchemy import select
from sqlalchemy.orm import Session

import kit
from models import State

MORE = ("nevada", "Névada", "NEVADA", "Texas ")


def ids(session, condition):
    """Return the ids of the states that meet the condition, in order."""
    query = select(State.id).where(condition).order_by(State.id)
    return ", ".join(str(i) for i in session.scalars(query))


def main(url):
    """Add the look-alike names, then print what each query finds."""
    engine = kit.engine(url)
    kit.reset(engine)
    with Session(engine) as session:
        session.add_all(State(name=name) for name in MORE)
        session.flush()
        print("name = 'Nevada':", ids(session, State.name == "Nevada"))
        print("name = 'Texas':", ids(session, State.name == "Texas"))
        print("name LIKE 'nev%':", ids(session, State.name.like("nev%")))
        # id breaks the ties: names a collation calls equal.
        query = select(State.name).order_by(State.name, State.id)
        print("ORDER BY name:", ", ".join(
            repr(name) for name in session.scalars(query)))
        session.rollback()


if __name__ == "__main__":
    kit.run(main)
