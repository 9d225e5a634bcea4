"""Build the benchmark's databases inside the server, with set-based SQL.

"task" is sql/hbtn_0e_101_usa.sql itself.  The other sizes have the same
tables, filled by one INSERT ... SELECT per table from a sequence (a
ten-row digits table cross-joined four times): nothing goes row by row,
so 1,000,000 cities take seconds.  City ids go round the states (city 1
of every state, then city 2, ...), so id order and state order differ,
as in real data.  Every name the SQL builds has a Python twin here, so
the benchmark knows the rows a size must hold, and checks them.
"""
import time
from typing import NamedTuple

import MySQLdb

from lesson import path
from lesson.hostile import Rows
from harness.server import connect, mysql_cli, query, task_sql
from bench.records import Size

TASK = "hbtn_0e_101_usa"
ARG = "Texas"   # what steps 3, 5 and 10 look for: state 3 at every size
SIZES = (
    Size("task", len(path.STATES)),
    Size("small", 100, 10),
    Size("medium", 1000, 100),
    Size("large", 10000, 100),
)
EXACT = 1000    # up to this many cities, every row is checked
# Names the filtering steps can tell apart: some start with N (and some
# with a lower-case n or an accented Ñ, which must not count), some hold
# a lower-case a, some none; quotes and non-ASCII letters too.  Past the
# list, names repeat with a number: "Texas 2".
STATE_NAMES = (
    "California", "Arizona", "Texas", "New York", "Nevada", "nevada",
    "Ñuble", "New Jersey", "Oregon", "São Paulo", "O'Higgins", "Québec",
    "North Dakota", "new mexico", "Florida", "Île-de-France", "Utah",
    "Nordrhein-Westfalen", "Georgia", "Zürich", "Ohio", "Niedersachsen",
    "Kentucky", "Bavaria", "Nunavut", "Idaho", "Montana", "Ontario",
    "Nayarit", "Missouri",
)
CITY_NAMES = (
    "San Francisco", "San Jose", "Los Angeles", "Fremont", "Livermore",
    "Page", "Phoenix", "Dallas", "Houston", "Austin", "New York",
    "Las Vegas", "Reno", "Henderson", "Carson City", "Chillán",
    "Montréal", "Coeur d'Alene", "Köln", "Saint-Étienne", "Anchorage",
    "Bismarck", "100% Pure", "Under_score",
)
SEQUENCE = (
    "CREATE TABLE digits (d INT NOT NULL PRIMARY KEY)",
    "INSERT INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7),"
    " (8), (9)",
    "CREATE TABLE seq (n INT NOT NULL PRIMARY KEY)",
    "INSERT INTO seq SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d"
    " FROM digits a, digits b, digits c, digits e",
    "SET SESSION foreign_key_checks = 0",
)
FINISH = ("SET SESSION foreign_key_checks = 1", "DROP TABLE seq",
          "DROP TABLE digits", "ANALYZE TABLE states, cities")


class Data(NamedTuple):
    """A size's rows, shaped as lesson.hostile.expected() reads them."""

    states: tuple       # (id, name), in id order
    cities: tuple       # (id, state_id, name), in id order
    state_name: dict


def state_name(n):
    """The name the SQL gives state ``n + 1``."""
    suffix = "" if n < len(STATE_NAMES) else " {}".format(
        n // len(STATE_NAMES) + 1)
    return STATE_NAMES[n % len(STATE_NAMES)] + suffix


def city_name(state_id, n):
    """The name the SQL gives city ``n + 1`` of state ``state_id``."""
    return "{} {}".format(CITY_NAMES[(state_id + n) % len(CITY_NAMES)],
                          n + 1)


def rows(size, with_cities=True):
    """The rows ``size`` holds; without cities, only its states."""
    if size.per_state is None:
        states = path.FIVE
        cities = tuple((i, s, name) for i, name, s in path.CITIES)
    else:
        states = tuple((n + 1, state_name(n)) for n in range(size.states))
        cities = tuple((c * size.states + s, s, city_name(s, c))
                       for c in range(size.per_state)
                       for s in range(1, size.states + 1))
    return Data(states, cities if with_cities else (), dict(states))


def elt(column, names):
    """Return ``ELT(column, %s, ...)``: the names become bound values."""
    return "ELT({}, {})".format(column, ", ".join(["%s"] * len(names)))


def build(size, database):
    """Create ``database`` at ``size``, dropping any earlier copy."""
    text = task_sql(TASK, database)
    if size.per_state is None:
        mysql_cli(text)
        return
    mysql_cli(text[:text.index("INSERT")])   # the database, its tables
    db = connect(database)
    try:
        cur = db.cursor()
        for statement in SEQUENCE:
            cur.execute(statement)
        k = len(STATE_NAMES)
        cur.execute(
            "INSERT INTO states (id, name) SELECT n + 1, CONCAT({},"
            " IF(n < {k}, '', CONCAT(' ', n DIV {k} + 1)))"
            " FROM seq WHERE n < {s} ORDER BY n".format(
                elt("n MOD {} + 1".format(k), STATE_NAMES), k=k,
                s=size.states), STATE_NAMES)
        cur.execute(
            "INSERT INTO cities (id, state_id, name)"
            " SELECT c.n * {} + s.id, s.id, CONCAT({}, ' ', c.n + 1)"
            " FROM seq c STRAIGHT_JOIN states s WHERE c.n < {}".format(
                size.states, elt("(s.id + c.n) MOD {} + 1".format(
                    len(CITY_NAMES)), CITY_NAMES), size.per_state),
            CITY_NAMES)
        for statement in FINISH:
            cur.execute(statement)
        cur.fetchall()
    finally:
        db.close()


def present(size, database):
    """Whether ``database`` exists with the states and cities of size."""
    try:
        got = query(database, "SELECT (SELECT COUNT(*) FROM states),"
                    " (SELECT COUNT(*) FROM cities)")
    except MySQLdb.Error:
        return False
    return got == [(size.states, size.cities)]


def prepare(size, database, say):
    """Build ``database`` unless present; check it; return (Data, built).

    ``built`` is the seconds the build took, None when it was reused.
    The states are checked at every size, the cities up to EXACT cities
    (above that, by their number): a SystemExit says what differs.
    """
    built = None
    if present(size, database):
        say("reusing", database)
    else:
        say("building", database, "({:,} states, {:,} cities)".format(
            size.states, size.cities))
        start = time.perf_counter()
        build(size, database)
        built = time.perf_counter() - start
        say("  built in {:.1f} s".format(built))
    exact = size.cities <= EXACT
    data = rows(size, with_cities=exact)
    got = Rows(database) if exact else None
    states = got.states if got else query(
        database, "SELECT id, name FROM states ORDER BY id")
    if tuple(states) != data.states or (
            got and tuple(got.cities) != data.cities):
        raise SystemExit("{} does not hold the rows bench/build.py"
                         " describes".format(database))
    if not present(size, database):
        raise SystemExit("{} does not hold {:,} cities".format(
            database, size.cities))
    return data, built
