#!/usr/bin/env python3
"""pool_pre_ping: the pool tests a connection before lending it.

With pool_pre_ping=True every checkout first pings the server (for
MySQLdb, the protocol's own ping, no SQL).  A connection that fails the
ping is thrown away and replaced by a new login, so the step goes on.
The price: one round trip per checkout.

Usage: ./12-pre_ping.py mysql_username mysql_password database_name
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
    engine = kit.engine(user, password, database, pool_pre_ping=True)
    first = connection_id(engine)
    kit.kill(user, password, database, first)
    print("the server killed the pooled connection")
    second = connection_id(engine)
    print("a new connection: {}".format("yes" if second != first else "no"))


if __name__ == "__main__":
    kit.run(main, "mysql_username mysql_password database_name")
