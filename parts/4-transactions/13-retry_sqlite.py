#!/usr/bin/env python3
"""Step 13: step 12 on SQLite: "database is locked", and the same retry.

SQLite is a file, .local/DATABASE.db, made anew with Texas in it.  In
WAL mode (the journal most applications choose: readers and the writer
do not block each other) each transaction reads a snapshot, as at
REPEATABLE READ.  One reads, two reads, two writes and commits; one's
write is refused with SQLITE_BUSY_SNAPSHOT, whose message is "database
is locked"; one runs its transaction again from the start.

Usage: ./parts/4-transactions/13-retry_sqlite.py mysql_username
       mysql_password database_name
"""
import sqlite3
import sys
from contextlib import closing

import kit

ERRORS = kit.ERRORS
ATTEMPTS = 3


def connect(path):
    """Open the file in WAL mode; BEGIN is sent by add_one, not sqlite3."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    return db


def add_one(db, who, meanwhile):
    """One transaction: read the visits, run ``meanwhile``, write + 1."""
    with closing(db.cursor()) as cursor:
        # sqlite3 would begin only at the UPDATE, after the read.
        cursor.execute("BEGIN")
        cursor.execute("SELECT visits FROM states WHERE name = ?",
                       ("Texas",))
        (visits,) = cursor.fetchone()
        print("  {}: reads visits = {}".format(who, visits))
        meanwhile()
        cursor.execute("UPDATE states SET visits = ? WHERE name = ?",
                       (visits + 1, "Texas"))
    db.commit()
    print("  {}: writes visits = {}, COMMIT".format(who, visits + 1))


def nothing():
    """Do nothing between the read and the write: no one overtakes."""


def with_retry(db, who, meanwhile):
    """Run add_one() until it commits, again from the start when busy."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return add_one(db, who, meanwhile)
        except sqlite3.OperationalError as error:
            # SQLITE_BUSY and its extended codes: "database is locked".
            busy = error.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY
            if not busy or attempt == ATTEMPTS:
                raise
            print("  {}: refused, {} ({}), ROLLBACK, again from the"
                  " start".format(who, error, error.sqlite_errorname))
            db.rollback()
            meanwhile = nothing


def main(user, password, database):
    """Run one's transaction with a retry, overtaken by two's once."""
    path = kit.sqlite_file(database)
    print("SQLite, WAL mode, with a retry")
    with closing(connect(path)) as one, closing(connect(path)) as two:
        with_retry(one, "one", lambda: add_one(two, "two", nothing))
        row = one.execute("SELECT visits FROM states WHERE name = ?",
                          ("Texas",)).fetchone()
        print("  Texas: visits = {}, 2 expected".format(row[0]))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(kit.USAGE.format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except ERRORS as error:
        sys.exit(kit.explain(error))
