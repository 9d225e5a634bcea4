"""Right on other data: a dataset built to break careless solutions.

Names differ only by case, accents or a trailing space (equal under the
default collation, different as text), hold quotes, %, _, backslashes and
non-ASCII letters; ids have gaps and rows go in out of order; one state has
no cities.  The expected output is computed here, in Python, from the raw
rows (a plain SELECT of each table), never from the scripts or their SQL.
"""
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import Databases, connect, lines, ok, query, step

TABLES = (
    "CREATE TABLE states ("
    " id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
    " name VARCHAR(256) NOT NULL)",
    "CREATE TABLE cities ("
    " id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
    " state_id INT NOT NULL,"
    " name VARCHAR(256) NOT NULL,"
    " FOREIGN KEY (state_id) REFERENCES states(id))",
)

# (id, name), deliberately not in id order.
STATES = [
    (1000, "Nevada"),
    (3, "nevada"),
    (7, "Névada"),
    (42, "NEW york"),
    (5, "new mexico"),
    (12, "Texas "),
    (13, "Texas"),
    (17, "O'Higgins"),
    (18, 'Say "Hi"'),
    (1, "It's \"both\""),
    (21, "100% Maine"),
    (34, "100 percent Maine"),
    (22, "New_Jersey"),
    (33, "NewXJersey"),
    (23, "Back\\slash"),
    (24, "Québec"),
    (25, "São Paulo"),
    (26, "Zürich"),
    (27, "Ñuble"),
    (31, "Nuble"),
    (28, "Bogotá"),
    (29, "IDAHO"),
    (2, "Arizona"),
    (50, "Sonora \U0001f335"),
]

# (id, state_id, name), out of state order and with id gaps.
CITIES = [
    (9, 1000, "Las Vegas"),
    (2, 3, "reno"),
    (500, 7, "Élko"),
    (4, 13, "Austin"),
    (77, 12, "Trailing Town"),
    (5, 13, "Dallas"),
    (3, 1000, "Carson City"),
    (60, 17, "Rancagua's"),
    (61, 18, 'Quote "Town"'),
    (8, 24, "Montréal"),
    (70, 25, "Campinas"),
    (71, 26, "Winterthur"),
    (72, 27, "Chillán"),
    (73, 21, "50% Town"),
    (74, 22, "Under_score"),
    (75, 23, "C:\\path"),
    (1, 42, "Brooklyn"),
    (200, 2, "Phoenix"),
    (201, 1, "Ain't \"it\""),
    (100, 13, "Houston"),
    (300, 50, "Hermosillo \U0001f31e"),
    (6, 33, "X City"),
]

# Names given on the command line: tricky ones first.
NAMES = [
    "Nevada", "nevada", "Névada", "NEVADA", "Texas", "Texas ", "texas",
    "O'Higgins", 'Say "Hi"', "It's \"both\"", "100% Maine", "100%",
    "New_Jersey", "New_Jersey%", "Back\\slash", "Back\\\\slash",
    "Québec", "Quebec", "São Paulo", "Zürich", "Ñuble", "Nuble",
    "Sonora \U0001f335", "new mexico", "Hawaii", "' OR '1'='1", "",
]
# Step 2 builds its SQL with format() on purpose: a quote or a backslash
# in the name breaks it (that is its lesson), so it only gets the others.
NAMES_2 = [n for n in NAMES if "'" not in n and "\\" not in n]
# Step 10 starts SQLAlchemy for each name: the trickiest ones only.
NAMES_10 = ["Nevada", "nevada", "N\u00e9vada", "NEVADA", "Texas ",
            "O'Higgins", "It's \"both\"", "100%", "New_Jersey",
            "Back\\slash", "Quebec", "\u00d1uble", "Sonora \U0001f335",
            "' OR '1'='1"]


def build(database, states, cities):
    """Create the task tables in ``database`` and insert the given rows."""
    db = connect(database)
    try:
        cur = db.cursor()
        for statement in TABLES:
            cur.execute(statement)
        for row in states:
            cur.execute("INSERT INTO states (id, name) VALUES (%s, %s)", row)
        for row in cities:
            cur.execute("INSERT INTO cities (id, state_id, name)"
                        " VALUES (%s, %s, %s)", row)
    finally:
        db.close()


@pytest.fixture(scope="module")
def hostile():
    """The hostile dataset, and an empty one: (hostile db, empty db)."""
    made = Databases()
    try:
        full, empty = made.new(), made.new()
        build(full, STATES, CITIES)
        build(empty, [], [])
        yield full, empty
    finally:
        made.drop_all()


class Rows:
    """The raw rows of a database, read with plain SELECTs, and orders."""

    def __init__(self, database):
        """Read every state and city with a SELECT that has no clauses."""
        states = query(database, "SELECT id, name FROM states")
        cities = query(database, "SELECT id, state_id, name FROM cities")
        self.states = sorted(states)
        self.cities = sorted(cities)
        self.state_name = dict(states)


def answers(number, database, names):
    """Run step ``number`` once per name, a few at a time; its stdouts."""
    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(
            lambda name: ok(SCRIPTS[number], database, name), names))


def expected(script, rows, *args):
    """Compute what ``script`` must print on ``rows``, in plain Python."""
    if script == "0":
        return lines(rows.states)
    if script == "1":
        return lines(s for s in rows.states if s[1].startswith("N"))
    if script in ("2", "3"):
        return lines(s for s in rows.states if s[1] == args[0])
    if script == "4":
        return lines((c[0], c[2], rows.state_name[c[1]])
                     for c in rows.cities)
    if script == "5":
        return ", ".join(c[2] for c in rows.cities
                         if rows.state_name[c[1]] == args[0]) + "\n"
    if script == "7":
        return lines("{}: {}".format(*s) for s in rows.states)
    if script == "8":
        if not rows.states:
            return "Nothing\n"
        return "{}: {}\n".format(*rows.states[0])
    if script == "9":
        return lines("{}: {}".format(*s) for s in rows.states
                     if "a" in s[1])
    if script == "10":
        ids = [s[0] for s in rows.states if s[1] == args[0]]
        return "{}\n".format(ids[0]) if ids else "Not found\n"
    if script == "14":
        return lines("{}: ({}) {}".format(rows.state_name[c[1]], c[0], c[2])
                     for c in rows.cities)
    if script == "101":
        out = []
        for state_id, name in rows.states:
            out.append("{}: {}".format(state_id, name))
            out.extend("\t{}: {}".format(c[0], c[2]) for c in rows.cities
                       if c[1] == state_id)
        return lines(out)
    if script == "102":
        return lines("{}: {} -> {}".format(c[0], c[2], rows.state_name[c[1]])
                     for c in rows.cities)
    raise AssertionError("no expectation for step " + script)


SCRIPTS = {
    "0": "0-select_states.py",
    "1": "1-filter_states.py",
    "2": "2-my_filter_states.py",
    "3": "3-my_safe_filter_states.py",
    "4": "4-cities_by_state.py",
    "5": "5-filter_cities.py",
    "7": "7-model_state_fetch_all.py",
    "8": "8-model_state_fetch_first.py",
    "9": "9-model_state_filter_a.py",
    "10": "10-model_state_my_get.py",
    "14": "14-model_city_fetch_by_state.py",
    "101": "101-relationship_states_cities_list.py",
    "102": "102-relationship_cities_states_list.py",
}


def test_dataset_is_as_built(hostile):
    """The raw rows read back are exactly the rows the test inserted."""
    rows = Rows(hostile[0])
    assert rows.states == sorted(STATES)
    assert rows.cities == sorted(CITIES)
    assert Rows(hostile[1]).states == []


def test_dataset_is_hostile(hostile):
    """The server's collation equates names that differ as text."""
    full = hostile[0]
    equal = query(full, "SELECT id FROM states WHERE name = 'Nevada'")
    assert sorted(equal) == [(3,), (7,), (1000,)]
    equal = query(full, "SELECT id FROM states WHERE name = 'Texas'")
    assert sorted(equal) == [(12,), (13,)]
    rows = Rows(full)
    assert [s for s in rows.states if s[1] == "Nevada"] == [(1000, "Nevada")]
    assert any(s[0] not in {c[1] for c in rows.cities} for s in rows.states)


@pytest.mark.parametrize("number", ["0", "1", "4", "7", "8", "9", "14",
                                    "101", "102"])
def test_step_without_argument(hostile, number):
    """A step with no argument prints the computed text on hostile data."""
    full = hostile[0]
    assert ok(SCRIPTS[number], full) == expected(number, Rows(full))


@pytest.mark.parametrize("number", ["3", "5", "10"])
def test_safe_step_with_every_name(hostile, number):
    """Steps 3, 5 and 10 give the exact-match answer for every name."""
    full = hostile[0]
    rows = Rows(full)
    names = NAMES_10 if number == "10" else NAMES
    got = answers(number, full, names)
    for name, out in zip(names, got):
        assert (name, out) == (name, expected(number, rows, name))
    assert Rows(full).states == rows.states


def test_step_2_with_names_format_can_hold(hostile):
    """Step 2 gives the exact-match answer for quote-free names."""
    full = hostile[0]
    rows = Rows(full)
    got = answers("2", full, NAMES_2)
    for name, out in zip(NAMES_2, got):
        assert (name, out) == (name, expected("2", rows, name))


def test_step_2_breaks_on_a_quote(hostile):
    """Step 2 with O'Higgins fails with a syntax error: its lesson."""
    proc = step(SCRIPTS["2"], hostile[0], "O'Higgins")
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr.startswith("Error 1064: "), proc.stderr


EMPTY = {"0": "", "1": "", "4": "", "7": "", "8": "Nothing\n", "9": "",
         "14": "", "101": "", "102": ""}


@pytest.mark.parametrize("number", sorted(EMPTY))
def test_step_on_empty_tables(hostile, number):
    """On empty tables a step prints only what SPEC says (maybe nothing)."""
    empty = hostile[1]
    out = ok(SCRIPTS[number], empty)
    assert out == EMPTY[number]
    assert out == expected(number, Rows(empty))


@pytest.mark.parametrize("number, output", [
    ("2", ""), ("3", ""), ("5", "\n"), ("10", "Not found\n")])
def test_step_with_argument_on_empty_tables(hostile, number, output):
    """On empty tables a step with a name prints no row, as SPEC says."""
    empty = hostile[1]
    names = ["Nevada", "Texas", "Hawaii"]
    assert answers(number, empty, names) == [output] * len(names)
