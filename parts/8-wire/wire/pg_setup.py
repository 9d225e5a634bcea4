"""The PostgreSQL side's known start: its database, table and states.

Step 4 and step 5 read the same five states as the task's database, so
each makes them again (the database if it is missing, then the table),
directly, not through the proxy, and holds a lock on that database's
name until it is done: two runs at once (the tour and the tests) take
turns instead of dropping the table under each other.
"""
import contextlib

import psycopg
from psycopg import sql

from wire import servers

STATES = ("California", "Arizona", "Texas", "New York", "Nevada")


def login(user, password, database):
    """The connection arguments for the server, from PGHOST and PGPORT."""
    where = servers.postgres()
    host, port = (where.rsplit("/", 1)[0], int(where.rsplit(".", 1)[1])) \
        if isinstance(where, str) else where
    return dict(host=host, port=port, user=user, password=password,
                dbname=database, sslmode="disable", gssencmode="disable")


@contextlib.contextmanager
def known_start(user, password, database):
    """Make ``database``'s five states again; keep others out meanwhile."""
    with psycopg.connect(autocommit=True,
                         **login(user, password, "postgres")) as admin:
        admin.execute("SELECT pg_advisory_lock(hashtext(%s))",
                      ("hbtn_8_wire " + database,))
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                              (database,)).fetchone()
        if not found:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(
                sql.Identifier(database)))
        fill(user, password, database)
        yield


def fill(user, password, database):
    """Make the table states again, with the task's five states."""
    with psycopg.connect(**login(user, password, database)) as db:
        db.execute("DROP TABLE IF EXISTS states")
        db.execute("CREATE TABLE states (id SERIAL PRIMARY KEY,"
                   " name VARCHAR(256) NOT NULL)")
        with db.cursor() as cursor:
            cursor.executemany("INSERT INTO states (name) VALUES (%s)",
                               [(name,) for name in STATES])
        db.commit()
