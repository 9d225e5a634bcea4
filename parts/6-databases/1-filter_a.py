#!/usr/bin/env python3
"""Step 1: the states whose name holds a lower-case a, exact on each one.

"Contains a" is not one SQL text: SQLite's LIKE ignores the case of ASCII
letters, MariaDB's ignores case and accents (its collation), and only
PostgreSQL's compares characters as they are.  So each database gets its
own exact comparison, below, and the dialect of the engine picks it
(CONTAINS): the rest of the statement is the same on all three.

Usage: ./1-filter_a.py URL
"""
from sqlalchemy import cast
from sqlalchemy import LargeBinary
from sqlalchemy import select
from sqlalchemy.orm import Session

import kit
from models import State


def like_escaped(text):
    """Return ``text`` with LIKE's wildcards and escape made literal."""
    for char in "\\%_":
        text = text.replace(char, "\\" + char)
    return text


def glob_escaped(text):
    """Return ``text`` with GLOB's wildcards made literal ([*] is a *)."""
    return "".join("[{}]".format(c) if c in "*?[" else c for c in text)


def on_bytes(column, part):
    """MariaDB: LIKE on the bytes, since its collation ignores case."""
    pattern = "%{}%".format(like_escaped(part)).encode("utf-8")
    # op(): SQLAlchemy 2.1 deprecates like() on a bytes type.
    return cast(column, LargeBinary).op("LIKE", is_comparison=True)(pattern)


def by_glob(column, part):
    """SQLite: GLOB, since its LIKE ignores the case of ASCII letters."""
    return column.op("GLOB", is_comparison=True)(
        "*{}*".format(glob_escaped(part)))


def by_like(column, part):
    """PostgreSQL: LIKE itself, which compares characters exactly."""
    return column.like("%{}%".format(like_escaped(part)))


# The one place where the dialect picks how "contains" compares exactly.
CONTAINS = {"mysql": on_bytes, "sqlite": by_glob, "postgresql": by_like}


def main(url):
    """Print "id: name" for each state whose name holds an a, in id order."""
    engine = kit.engine(url)
    kit.ready(engine)
    has_a = CONTAINS[engine.dialect.name](State.name, "a")
    query = select(State).where(has_a).order_by(State.id)
    with Session(engine) as session:
        for state in session.scalars(query):
            print("{}: {}".format(state.id, state.name))


if __name__ == "__main__":
    kit.run(main)
