#!/usr/bin/env python3
"""A dropped connection: the pool lends a connection the server has ended.

The pool keeps a connection between two uses; if the server ends it
meanwhile (an administrator's KILL, a restart, wait_timeout expiring on
an idle connection), nobody tells the client.  The next checkout gets
the dead connection and the query fails: the real error, below.

Usage: ./11-dropped_connection.py mysql_username mysql_password
       database_name
"""
from sqlalchemy import text

import kit

QUERY = text("SELECT CONNECTION_ID()")


def connection_id(engine):
    """Check out a connection, ask the server its id, give it back."""
    with engine.connect() as conn:
        return conn.execute(QUERY).scalar_one()


def main(user, password, database):
    """Use a connection, have the server kill it, use the pool again."""
    engine = kit.engine(user, password, database)
    first = connection_id(engine)
    kit.kill(user, password, database, first)
    print("the server killed the pooled connection")
    second = connection_id(engine)
    print("a new connection: {}".format("yes" if second != first else "no"))


if __name__ == "__main__":
    kit.run(main, "mysql_username mysql_password database_name")
