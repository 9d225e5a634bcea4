#!/usr/bin/env python3
"""Step 7: PostgreSQL's streaming replica (a standby), and its refusal.

The standby was made by pg_basebackup -R: a copy of the project's
PostgreSQL and the settings that make it follow it.  The primary
streams its write-ahead log (WAL) as it writes it; the standby replays
it.  Like MariaDB's replica, it is behind for a while: the step notes
the primary's WAL position after the commit (pg_current_wal_lsn) and
waits, at most 10 s, until the standby has replayed that far
(pg_last_wal_replay_lsn), step 1's fix.  Unlike MariaDB's replica,
which any login with the privilege may write to, a standby refuses
every write, to every login: it is read-only by construction.

Usage: ./parts/12-scaling/7-postgres_standby.py postgres_username
       postgres_password database_name
"""
import time

import psycopg

import kit

kit.ERRORS += (psycopg.Error,)


def connect(port, user, password, database):
    return psycopg.connect(host="127.0.0.1", port=port, user=user,
                           password=password, dbname=database,
                           autocommit=True, connect_timeout=5)


def reset(user, password, database):
    """A new ``database`` on the primary, with the five states."""
    with connect(kit.pg_primary(), user, password, "postgres") as db:
        db.execute("DROP DATABASE IF EXISTS " + database)
        db.execute("CREATE DATABASE " + database)
    with connect(kit.pg_primary(), user, password, database) as db:
        db.execute("CREATE TABLE states (id SERIAL PRIMARY KEY,"
                   " name VARCHAR(128) NOT NULL)")
        for name in ("California", "Arizona", "Texas", "New York",
                     "Nevada"):
            db.execute("INSERT INTO states (name) VALUES (%s)", (name,))


def wait_for_replay(standby, lsn, seconds=10):
    deadline = time.monotonic() + seconds
    while not standby.execute("SELECT pg_last_wal_replay_lsn() >= %s",
                              (lsn,)).fetchone()[0]:
        if time.monotonic() > deadline:
            raise kit.PartError("the standby is more than 10 s behind")
        time.sleep(0.05)


def main(user, password, database):
    if not database.isidentifier():
        raise kit.PartError("a database name of letters, digits and _")
    reset(user, password, database)
    with connect(kit.pg_primary(), user, password, database) as primary:
        primary.execute("INSERT INTO states (name) VALUES ('Oregon')")
        print("primary: INSERT Oregon (autocommit)")
        lsn = primary.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    deadline = time.monotonic() + 10
    while True:
        try:
            standby = connect(kit.STANDBY, user, password, database)
            break
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    with standby:
        wait_for_replay(standby, lsn)
        (recovery,) = standby.execute("SELECT pg_is_in_recovery()")\
            .fetchone()
        print("standby: in recovery (replaying the primary's WAL):",
              recovery)
        names = standby.execute("SELECT name FROM states ORDER BY id")
        print("standby has:", kit.names(names.fetchall()))
        try:
            standby.execute("INSERT INTO states (name) VALUES ('Utah')")
        except psycopg.errors.ReadOnlySqlTransaction as error:
            print("standby: INSERT Utah: refused: {} (SQLSTATE {})".format(
                str(error).strip(), error.sqlstate))


if __name__ == "__main__":
    kit.run(main)
