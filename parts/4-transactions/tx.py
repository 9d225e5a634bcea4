"""What the steps of Part 4 share: connections, the known start, errors.

Each step begins from hbtn_4_tx.sql, loaded again into the database it
is given (reset), opens DB-API connections (connect) the way the task's
steps do, runs two writers side by side when its lesson needs real
concurrency (side_by_side), and turns any error into the task's one line
(explain, from hints.py).  Only MySQLdb is imported here: the DB-API steps
do not load SQLAlchemy, and the two ORM steps bring their own models.
"""
import os
import sys
import threading
from contextlib import closing
from pathlib import Path

import MySQLdb

ROOT = Path(__file__).resolve().parent.parent.parent
# hints.py, the task's error line, lives at the project's root, which is
# not on sys.path when Python runs a script from this folder.
sys.path.insert(0, str(ROOT))
from hints import explain  # noqa: E402,F401

SCHEMA = Path(__file__).resolve().parent / "hbtn_4_tx.sql"
NAME = "hbtn_4_tx"
USAGE = "Usage: {} mysql_username mysql_password database_name"


class PartError(Exception):
    """A refusal of the part's own, said in one line."""


# The errors every step turns into one line; the ORM steps add SQLAlchemy's.
ERRORS = (MySQLdb.Error, PartError, UnicodeError)


def connect(user, password, database=None, host=None, port=None):
    """Open a DB-API connection: autocommit off, as PEP 249 wants.

    The server is MYSQL_HOST and MYSQL_TCP_PORT (localhost and 3306 by
    default), as for the task's steps, unless ``host`` and ``port`` say.
    """
    params = dict(host=host or os.environ.get("MYSQL_HOST", "localhost"),
                  port=port or int(os.environ.get("MYSQL_TCP_PORT", "3306")),
                  user=user, password=password, charset="utf8mb4")
    if database:
        params["database"] = database
    db = MySQLdb.connect(**params)
    with closing(db.cursor()) as cursor:
        # MariaDB 11.6.2 and later refuse a write based on a stale read at
        # REPEATABLE READ (innodb_snapshot_isolation, error 1020); this part
        # shows what MySQL and earlier MariaDB do, so it is turned off
        # there (a /*M!110602 ... */ comment runs only on those servers).
        cursor.execute("SET /*M!110602 SESSION innodb_snapshot_isolation"
                       " = OFF, */ @hbtn_part4 = 1")
    return db


def reset(user, password, database, host=None, port=None):
    """Drop ``database`` and load hbtn_4_tx.sql into it, as new.

    A database that holds tables of something else (a task database
    given by mistake) is refused before anything is dropped.
    """
    with closing(connect(user, password, host=host, port=port)) as db:
        with closing(db.cursor()) as cursor:
            refuse_others(cursor, database)
            for statement in statements(database):
                cursor.execute(statement)
        db.commit()


def refuse_others(cursor, database):
    """Raise PartError unless ``database`` is new, empty or this part's."""
    cursor.execute("SELECT TABLE_NAME FROM information_schema.TABLES"
                   " WHERE TABLE_SCHEMA = %s ORDER BY TABLE_NAME",
                   (database,))
    tables = [name for (name,) in cursor.fetchall()]
    cursor.execute("SELECT COUNT(*) FROM information_schema.COLUMNS"
                   " WHERE TABLE_SCHEMA = %s AND TABLE_NAME = 'states'"
                   " AND COLUMN_NAME = 'visits'", (database,))
    (counter,) = cursor.fetchone()
    if tables and (tables != ["cities", "states"] or not counter):
        raise PartError(
            "{} holds tables that are not Part 4's, so it was left as it"
            " was (hint: give the part a database of its own, such as {};"
            " each step drops it and loads sql/{}.sql again)".format(
                database, NAME, NAME))


def statements(database):
    """The statements of hbtn_4_tx.sql, renamed for ``database``."""
    text = "\n".join(line for line in SCHEMA.read_text("utf-8").split("\n")
                     if not line.startswith("--"))
    quoted = "`{}`".format(database.replace("`", "``"))
    return [part.strip().replace(NAME, quoted) for part in text.split(";")
            if part.strip()]


def side_by_side(barrier, *calls):
    """Run each call in a thread of its own, all at once; wait for them.

    An error in one thread breaks the barrier, so the others stop waiting
    at it instead of hanging, and the first real error is raised here.
    """
    errors = []

    def run(call):
        """Make one call, keeping its error for the main thread."""
        try:
            call()
        except Exception as error:
            errors.append(error)
            barrier.abort()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    errors.sort(key=lambda e: isinstance(e, threading.BrokenBarrierError))
    if errors:
        raise errors[0]
