#!/usr/bin/env python3
"""SQLAlchemy's compiled-SQL cache: SQL strings are kept, never results.

Turning a select() into SQL text (compiling it) costs Python time, so
the engine keeps what it compiled, keyed by the statement's shape: the
same query again, or the same query with another value in its bound
parameter, takes the SQL text from the cache.  The rows are not kept:
each query is sent to the server and read from it again.

The engine's cache holds 500 statements by default (query_cache_size);
here the compiled_cache option gives it a dict of the step's own, to
count its entries.  SQLAlchemy's log (logging, on stderr) says the same
in its own words: "generated in" when compiled, "cached since" when not.

Usage: ./21-compiled_cache.py mysql_username mysql_password database_name
"""
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

import kit
from models import State

PATTERNS = ("N%", "N%", "A%")


def main(user, password, database):
    """Run one query three times; say what was compiled and what sent."""
    logging.basicConfig(format="%(message)s")
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)
    cache = {}
    engine = kit.engine(user, password, database).execution_options(
        compiled_cache=cache)
    sent = kit.sent(engine)
    with Session(engine) as session:
        for pattern in PATTERNS:
            before = len(cache)
            query = (select(State).where(State.name.like(pattern))
                     .order_by(State.id))
            names = ", ".join(s.name for s in session.scalars(query))
            print("{}: {} ({}; {} in the cache; {} SELECT{} sent)".format(
                pattern, names,
                "compiled" if len(cache) > before else "from the cache",
                len(cache), len(sent), "s" * (len(sent) > 1)))


if __name__ == "__main__":
    kit.run(main, "mysql_username mysql_password database_name")
