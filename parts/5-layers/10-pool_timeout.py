#!/usr/bin/env python3
"""The pool's limit: an exhausted QueuePool raises, after pool_timeout.

With pool_size=1 and max_overflow=0 the pool has one connection; while
it is checked out, a second engine.connect() waits pool_timeout seconds
(30 by default, 1 here) and then raises TimeoutError: a clear error, not
a program that hangs forever on a connection leak.

Usage: ./10-pool_timeout.py mysql_username mysql_password database_name
"""
from sqlalchemy import text

import kit

QUERY = text("SELECT CONNECTION_ID()")


def main(user, password, database):
    """Hold the pool's only connection and ask for a second one."""
    engine = kit.engine(user, password, database, pool_size=1,
                        max_overflow=0, pool_timeout=1)
    with engine.connect() as held:
        held.execute(QUERY)
        print("holding the pool's only connection; asking for another")
        with engine.connect() as second:
            second.execute(QUERY)


if __name__ == "__main__":
    kit.run(main, "mysql_username mysql_password database_name")
