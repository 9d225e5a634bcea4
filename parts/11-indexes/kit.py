"""What the steps of Part 11 share: plumbing, not the lesson.

The engine for the URL given (step 0's database made if missing, with
the collation named), the plan of a query read as JSON and its raw text
sent to stderr, the best of a few of the server's own timings, and the
error line.  Reading a plan's facts is the lesson of step 1; the steps
after it reuse it here.
"""
import json
import os
import sys
import time
from contextlib import contextmanager
from typing import NamedTuple

from sqlalchemy import create_engine
from sqlalchemy import inspect
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.exc import NoSuchModuleError
from sqlalchemy.exc import SQLAlchemyError

import hints

BAD_URL = ("Error: the argument is not a MariaDB or PostgreSQL URL (hint:"
           " mysql+mysqldb://USER:PASSWORD@HOST/DATABASE?charset=utf8mb4"
           " or postgresql+psycopg://USER:PASSWORD@HOST/DATABASE)")
CREATE = {
    "mysql": "CREATE DATABASE IF NOT EXISTS {} CHARACTER SET utf8mb4"
             " COLLATE utf8mb4_unicode_ci",
    "postgresql": "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'"
                  " LOCALE 'C'",
}
EXISTS = {
    "mysql": "SELECT 1 FROM information_schema.schemata"
             " WHERE schema_name = :n",
    "postgresql": "SELECT 1 FROM pg_database WHERE datname = :n",
}
# The raw plans and times vary from run to run: on stderr, when asked.
SHOW = os.environ.get("SHOW_PLANS") == "1"
# PostgreSQL without a clock per row: each plan's run is also timed.
EXPLAIN = {"mysql": "ANALYZE FORMAT=JSON {}",
           "postgresql": "EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) {}"}
ONLY_EXPLAIN = {"mysql": "EXPLAIN FORMAT=JSON {}",
                "postgresql": "EXPLAIN (FORMAT JSON) {}"}


def engine(url, data=True):
    """An engine for the URL (never printed: it may hold a password).

    With ``data``, the step needs step 0's tables, and says so if they
    are missing.
    """
    try:
        url = make_url(url)
        # One process per query, so that plans compare like for like.
        options = {"connect_args": {"options": "-c max_parallel_workers"
                                    "_per_gather=0"}}
        made = create_engine(url, isolation_level="AUTOCOMMIT", **(
            options if url.drivername.startswith("postgresql") else {}))
    except (ArgumentError, NoSuchModuleError, ImportError, ValueError):
        sys.exit(BAD_URL)
    if made.dialect.name not in CREATE:
        sys.exit(BAD_URL)
    name = made.url.database
    admin = create_engine(made.url.set(database=(
        "postgres" if made.dialect.name == "postgresql" else "")),
        isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        quoted = admin.dialect.identifier_preparer.quote(name)
        exists = conn.scalar(text(EXISTS[made.dialect.name]), {"n": name})
        # Only step 0 makes it: a later step on a missing database (a
        # task database not loaded yet, say) must not leave it empty.
        if not exists and not data:
            conn.execute(text(CREATE[made.dialect.name].format(quoted)))
    admin.dispose()
    if data and (not exists or not inspect(made).has_table("cities")):
        sys.exit("Error: {} has no cities table (hint: step 0 makes it:"
                 " ./parts/11-indexes/0-make_data.py URL)".format(name))
    return made


class Access(NamedTuple):
    """How a plan reads one table: what step 1 teaches to read."""

    kind: str           # full scan, index lookup, index range, ...
    key: str            # the index used, or None
    examined: int       # rows the server read from the table (measured)
    estimated: int      # rows the planner expected to read
    sort: bool          # a sort step (filesort) after the read
    index_only: bool    # the index held every column asked for

    @property
    def how(self):
        """The kind of access, with the index it used."""
        return self.kind + (" on " + self.key if self.key else "")


def nodes(tree):
    """Every dict inside a plan, depth first."""
    if isinstance(tree, dict):
        yield tree
        tree = list(tree.values())
    if isinstance(tree, list):
        for item in tree:
            yield from nodes(item)


def access(found, table="cities"):
    """The facts of the plan's read of ``table`` (MariaDB or PostgreSQL).
    """
    every = list(nodes(found))
    sort = any("filesort" in n or n.get("Node Type", "").endswith("Sort")
               for n in every)
    for n in every:
        if n.get("table_name") == table:      # MariaDB
            kind = MARIADB_ACCESS[n["access_type"]]
            return Access(kind, n.get("key"), round(
                n.get("r_rows", 0) * n.get("r_loops", 0)), n["rows"], sort,
                n.get("using_index", False))
        if n.get("Relation Name") == table:   # PostgreSQL
            below = (n.get("Plans") or [n])[0]
            cond = below.get("Index Cond", "")
            kind = ("full scan" if n["Node Type"] == "Seq Scan" else
                    "index range" if "<" in cond or ">" in cond else
                    "index lookup" if cond else "full index scan")
            read = n.get("Actual Rows", 0) + n.get(
                "Rows Removed by Filter", 0) + n.get(
                "Rows Removed by Index Recheck", 0)
            return Access(kind, below.get("Index Name"),
                          read * n.get("Actual Loops", 0), n["Plan Rows"],
                          sort, n["Node Type"] == "Index Only Scan")
    raise LookupError(table)


MARIADB_ACCESS = {"ALL": "full scan", "index": "full index scan",
                  "range": "index range", "ref": "index lookup",
                  "eq_ref": "index lookup", "const": "index lookup"}


def plan(conn, sql, params=None, analyze=True, timed=False):
    """Run the query under EXPLAIN ANALYZE; its plan as JSON.

    With ``analyze`` false, the plan is only made, the query not run.
    The raw plan goes to stderr with SHOW_PLANS=1: its times and
    estimates vary from run to run, the facts the steps print do not.
    ``timed`` plans are best()'s, for their times only: not shown.
    """
    explain = EXPLAIN if analyze else ONLY_EXPLAIN
    raw = conn.execute(text(explain[conn.dialect.name].format(sql)),
                       params or {}).scalar()
    found = json.loads(raw) if isinstance(raw, str) else raw
    if not timed:
        note("plan: " + json.dumps(found))
    return found


DROP = {"mysql": "DROP INDEX IF EXISTS {} ON cities",
        "postgresql": "DROP INDEX IF EXISTS {}"}
NAME_INDEX = "CREATE INDEX ix_cities_name ON cities (name)"


@contextmanager
def index(conn, name, create, keep=False):
    """Create an index (and say so), yield, then drop it unless ``keep``.
    """
    conn.execute(text(DROP[conn.dialect.name].format(name)))
    print(create)
    conn.execute(text(create))
    try:
        yield
    finally:
        if not keep:
            conn.execute(text(DROP[conn.dialect.name].format(name)))


def name_index(conn):
    """Step 1's index on name, which it keeps: made again if missing."""
    print("with step 1's index: ix_cities_name (name)")
    if "ix_cities_name" not in {found["name"] for found in inspect(
            conn).get_indexes("cities")}:
        note("made again: " + NAME_INDEX)
        conn.execute(text(NAME_INDEX))


def best(conn, sql, params=None, shown=None, runs=3):
    """The fastest of a few runs of the query, as the server timed them.

    The server's own time (EXPLAIN ANALYZE's, in seconds) is the work the
    query made it do; the round trip, and what a busy machine adds to it,
    would be the same with or without an index.  A plan already run and
    ``shown`` counts as the first run.
    """
    times = []
    for _ in range(runs):
        found = shown if shown and not times else plan(
            conn, sql, params, timed=True)
        times.append(found["query_block"]["r_total_time_ms"] / 1000
                     if conn.dialect.name == "mysql"
                     else found[0]["Execution Time"] / 1000)
    note("time: {:.6f} s: {}".format(min(times), sql))
    return min(times)


def note(line):
    """Print a line that varies from run to run on stderr, if asked."""
    if SHOW:
        print(line, file=sys.stderr)


@contextmanager
def clock(times):
    """Append the seconds the block took to ``times``."""
    start = time.perf_counter()
    yield
    times.append(time.perf_counter() - start)


def faster(slow, fast, floor):
    """Whether ``fast`` beat ``slow`` by ``floor`` times, in words."""
    if fast * floor < slow:
        return "yes, more than {} times".format(floor)
    return "no: {:.1f} times only".format(slow / fast)


def run(main, usage):
    """Call main(URL, ...), or exit with one line on stderr.

    ``usage`` is the step's, "URL [CITIES]" for one: a word in brackets
    is optional.
    """
    words = usage.split()
    if not len(words) - usage.count("[") < len(sys.argv) <= len(words) + 1:
        sys.exit("Usage: {} {}".format(sys.argv[0], usage))
    try:
        # The URL says where the server is, but MySQL's client library
        # still reads MYSQL_TCP_PORT for a URL without a port: a value
        # that cannot be one is refused here, as by every other step.
        hints.host(), hints.port()
        main(*sys.argv[1:])
    except ValueError as error:
        sys.exit(hints.explain(error))
    except SQLAlchemyError as error:
        message = str(getattr(error, "orig", None) or error)
        sys.exit("Error: " + " ".join(message.split()))
