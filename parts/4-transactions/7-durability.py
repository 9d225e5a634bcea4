#!/usr/bin/env python3
"""Step 7: durability: a committed row survives the server being killed.

The step starts a MariaDB of its own (new data in a temporary folder, a
free port on 127.0.0.1; your server is not touched), gives it your login
and the part's database, commits one city and leaves a second one
uncommitted, then kills the server with SIGKILL: no shutdown, no last
write.  Started again on the same data, the server replays its redo log:
the committed city is there, the other one is not.  The folder is
removed at the end.

Usage: ./parts/4-transactions/7-durability.py mysql_username
       mysql_password database_name
"""
import sys
import tempfile
from contextlib import closing

import kit

ERRORS = kit.ERRORS


def texas(db):
    """Print the cities of Texas as this connection sees them now."""
    with closing(db.cursor()) as cursor:
        cursor.execute("SELECT cities.name FROM cities JOIN states"
                       " ON states.id = cities.state_id"
                       " WHERE states.name = %s ORDER BY cities.id",
                       ("Texas",))
        print("Texas:", ", ".join(n for (n,) in cursor))


def insert(db, city):
    """Insert ``city`` into Texas, in the connection's open transaction."""
    with closing(db.cursor()) as cursor:
        cursor.execute("INSERT INTO cities (state_id, name) SELECT id, %s"
                       " FROM states WHERE name = %s", (city, "Texas"))


def main(user, password, database):
    """Commit one city, leave one pending, kill the server, look again."""
    with tempfile.TemporaryDirectory(prefix="hbtn-4-") as folder, \
            kit.Server(folder) as server:
        server.start(user, password)
        print("a server of our own, on a free port, with new data")
        kit.reset(user, password, database, **server.address)
        done = kit.connect(user, password, database, **server.address)
        insert(done, "Lubbock")
        done.commit()
        print("connection 1: INSERT Lubbock, COMMIT")
        pending = kit.connect(user, password, database, **server.address)
        insert(pending, "Amarillo")
        print("connection 2: INSERT Amarillo, no COMMIT")
        print("the server was killed by signal {} (SIGKILL)".format(
            server.kill()))
        done.close()
        pending.close()
        server.start(user, password)
        print("started again on the same data")
        with closing(kit.connect(user, password, database,
                                 **server.address)) as db:
            texas(db)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(kit.USAGE.format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except ERRORS as error:
        sys.exit(kit.explain(error))
