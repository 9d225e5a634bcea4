#!/usr/bin/env python3
"""Retrying a read once, when its connection was found dead.

Without pre-ping the dead connection shows up as an error whose
connection_invalidated is true: SQLAlchemy has already dropped it from
the pool, so running the read again logs in anew and succeeds.  Only a
read may be retried blindly: a write that lost its connection may have
been applied (even committed) before the answer was lost, and running it
again would apply it twice.  Retry a write only if running it twice is
harmless, or after checking whether the first one happened.

Usage: ./13-retry_read.py mysql_username mysql_password database_name
"""
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

import kit

QUERY = text("SELECT CONNECTION_ID()")


def connection_id(engine):
    """Check out a connection, ask the server its id, give it back."""
    with engine.connect() as conn:
        return conn.execute(QUERY).scalar_one()


def read_with_one_retry(engine):
    """Run the read; if its connection was dead, run it once more."""
    try:
        return connection_id(engine)
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
        print("the connection was dead: reading again, once")
        return connection_id(engine)


def main(user, password, database):
    """Use a connection, have the server kill it, read with a retry."""
    engine = kit.engine(user, password, database)
    first = connection_id(engine)
    kit.kill(user, password, database, first)
    print("the server killed the pooled connection")
    second = read_with_one_retry(engine)
    print("a new connection: {}".format("yes" if second != first else "no"))


if __name__ == "__main__":
    kit.run(main, "mysql_username mysql_password database_name")
