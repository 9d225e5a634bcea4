#!/usr/bin/env python3
"""The pool: three checkouts, one server connection.

engine.connect() does not log in each time: the engine's QueuePool
lends a DB-API connection it keeps, and takes it back when the with block
ends.  CONNECTION_ID() is the server's number for the connection, so the
same number three times means one login.  NullPool, which keeps nothing,
logs in for every checkout.

Usage: ./8-pool_reuse.py mysql_username mysql_password database_name
"""
from sqlalchemy import text
from sqlalchemy.pool import NullPool

import kit

QUERY = text("SELECT CONNECTION_ID()")


def connection_id(engine):
    """Check out a connection, ask the server its id, give it back."""
    with engine.connect() as conn:
        return conn.execute(QUERY).scalar_one()


def report(name, engine):
    """Print how many server connections three checkouts used."""
    ids = [connection_id(engine) for _ in range(3)]
    print("{}: 3 checkouts, {} server connection{}, the same one each"
          " time: {}".format(name, len(set(ids)), "s" * (len(set(ids)) > 1),
                             "yes" if len(set(ids)) == 1 else "no"))


def main(user, password, database):
    """Compare the default pool with no pool at all."""
    report("QueuePool", kit.engine(user, password, database))
    report("NullPool", kit.engine(user, password, database,
                                  poolclass=NullPool))


if __name__ == "__main__":
    kit.run(main, "mysql_username mysql_password database_name")
