"""What Part 12's steps share: where the servers are, argv, connecting.

Five MariaDB servers of the project's own, on 127.0.0.1 (python3 -m
harness.cluster starts them): a primary and its replica, and the three
nodes of a Galera cluster.  A step connects to one of them by name;
errors become the task's one line on stderr.
"""
import sys
import time
from contextlib import closing  # noqa: F401

import MySQLdb

import hints
from harness.cluster import NODES  # noqa: F401
from harness.cluster import PORTS
from harness.cluster import ROOT
from harness.cluster import STANDBY  # noqa: F401
from harness.cluster import ServerError
from harness.cluster import pg_primary  # noqa: F401

SQL = ROOT / "sql" / "hbtn_0e_14_usa.sql"


class PartError(Exception):
    """A refusal of the part's own, said in one line."""


ERRORS = (MySQLdb.Error, PartError, ServerError, OSError)
USAGE = "Usage: {} mysql_username mysql_password database_name"


def connect(name, user, password, database=None):
    """A DB-API connection to the server ``name``, autocommit off."""
    params = dict(host="127.0.0.1", port=PORTS[name], user=user,
                  password=password, charset="utf8mb4", connect_timeout=5)
    if database:
        params["database"] = database
    return MySQLdb.connect(**params)


def url(name, user, password, database):
    """The SQLAlchemy URL of ``database`` on the server ``name``."""
    from sqlalchemy.engine import URL
    return URL.create("mysql+mysqldb", username=user, password=password,
                      host="127.0.0.1", port=PORTS[name], database=database,
                      query={"charset": "utf8mb4"})


def load(user, password, database):
    """Drop ``database`` on the primary and load the five states and
    fifteen cities of sql/hbtn_0e_14_usa.sql into it, under that name;
    then wait (10 s at most) until the replica has them too, so that a
    step starts from the same rows on both.

    A database holding other tables than those two is left as it was.
    """
    with closing(connect("primary", user, password)) as db:
        tables = {t for (t,) in rows(
            db, "SELECT TABLE_NAME FROM information_schema.TABLES"
            " WHERE TABLE_SCHEMA = %s", (database,))}
        if not tables <= {"states", "cities"}:
            raise PartError("{} holds tables that are not Part 12's, so it"
                            " was left as it was".format(database))
        text = SQL.read_text("utf-8").replace(SQL.stem, database)
        lines = [x for x in text.split("\n") if not x.startswith("--")]
        for statement in "\n".join(lines).split(";"):
            if statement.strip():
                rows(db, statement)
        db.commit()
        (gtid,), = rows(db, "SELECT @@gtid_binlog_pos")
    with closing(connect("replica", user, password)) as replica:
        (done,), = rows(replica, "SELECT MASTER_GTID_WAIT(%s, 10)", (gtid,))
    if done != 0:
        raise PartError("the replica is more than 10 s behind")


def rows(db, sql, params=None):
    """All rows of one query on an open connection."""
    with closing(db.cursor()) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def refused(error):
    """The line a refusal prints: the server's error code."""
    return "refused: error {}".format(error.args[0])


def run(main):
    """Call main(user, password, database) from argv; errors in one line."""
    if len(sys.argv) != 4:
        sys.exit(USAGE.format(sys.argv[0]))
    try:
        # The steps name their servers' ports, but MYSQL_HOST or
        # MYSQL_TCP_PORT that cannot be one is refused, as every step does.
        hints.host(), hints.port()
        main(*sys.argv[1:])
    except ValueError as error:
        sys.exit(hints.explain(error))
    except ERRORS as error:
        sys.exit("Error: {}".format(error.args[-1]))


def names(states):
    """"California, Arizona, ..." from rows of (name,)."""
    return ", ".join(name for (name,) in states)


def cluster(name, user, password):
    """What node ``name`` says of its cluster: "cluster of 3, Primary"."""
    with closing(connect(name, user, password)) as db:
        status = dict(rows(db, "SHOW STATUS WHERE Variable_name IN"
                               " ('wsrep_cluster_size',"
                               " 'wsrep_cluster_status')"))
    return "cluster of {wsrep_cluster_size}, {wsrep_cluster_status}".format(
        **status)


def wait_for(name, user, password, expected, seconds=30):
    """Ask node ``name`` until cluster() says ``expected`` (bounded)."""
    deadline = time.monotonic() + seconds
    while True:
        said = cluster(name, user, password)
        if said == expected or time.monotonic() > deadline:
            return said
        time.sleep(0.1)
