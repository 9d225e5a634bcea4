"""Data built to break careless solutions, and what each step must print.

Names differ only by case, accents or a trailing space (equal under the
default collation, different as text), hold quotes, %, _, backslashes and
non-ASCII letters; ids have gaps and rows go in out of id order, and an
index on the names makes a query without ORDER BY return them in name
order; some states have no cities.  What a step must print is computed here, in
Python, from the raw rows (a plain SELECT of each table), never from a
script or its SQL.
"""
from lesson.path import lines
from lesson.server import connect
from lesson.server import query
from lesson.steps import number

TABLES = (
    "CREATE TABLE states ("
    " id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
    " name VARCHAR(256) NOT NULL,"
    " KEY (name))",
    "CREATE TABLE cities ("
    " id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
    " state_id INT NOT NULL,"
    " name VARCHAR(256) NOT NULL,"
    " KEY (name, state_id),"
    " FOREIGN KEY (state_id) REFERENCES states(id))",
)

# (id, name), deliberately not in id order.
STATES = (
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
)

# (id, state_id, name), out of state order and with id gaps.
CITIES = (
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
)

CASE = "MySQL compares text case-insensitively by default"
ACCENT = "MySQL compares text accent-insensitively by default"
# What makes each tricky name trip a careless solution, and the kind of
# advice that helps (bin/check's report names the row).
TRAPS = {
    "nevada": (CASE, "exact"), "NEW york": (CASE, "exact"),
    "new mexico": (CASE, "exact"), "IDAHO": (CASE, "exact"),
    "NEVADA": (CASE, "exact"), "texas": (CASE, "exact"),
    "reno": (CASE, "exact"), "N\u00e9vada": (ACCENT, "exact"),
    "\u00d1uble": (ACCENT, "exact"), "Nuble": (ACCENT, "exact"),
    "Quebec": (ACCENT, "exact"),
    "Texas ": ("MySQL's = ignores trailing spaces", "exact"),
    "100% Maine": ("% is a wildcard in LIKE", "wildcard"),
    "100 percent Maine": ("% is a wildcard in LIKE", "wildcard"),
    "New_Jersey": ("_ is a wildcard in LIKE", "wildcard"),
    "NewXJersey": ("_ is a wildcard in LIKE", "wildcard"),
    "O'Higgins": ("the name holds a quote", "bound"),
    "It's \"both\"": ("the name holds quotes", "bound"),
    'Say "Hi"': ("the name holds double quotes", "bound"),
    "Back\\slash": ("the name holds a backslash", "bound"),
    "Sonora \U0001f335": ("the name holds a 4-byte UTF-8 letter", "exact"),
}

# Names given on the command line: tricky ones first.
NAMES = (
    "Nevada", "nevada", "Névada", "NEVADA", "Texas", "Texas ", "texas",
    "O'Higgins", 'Say "Hi"', "It's \"both\"", "100% Maine", "100%",
    "New_Jersey", "New_Jersey%", "Back\\slash", "Back\\\\slash",
    "Québec", "Quebec", "São Paulo", "Zürich", "Ñuble", "Nuble",
    "Sonora \U0001f335", "new mexico", "Hawaii", "' OR '1'='1", "",
)
# Step 2 builds its SQL with format() on purpose: a quote or a backslash
# in the name breaks it (that is its lesson), so it only gets the others.
NAMES_2 = tuple(n for n in NAMES if "'" not in n and "\\" not in n)
# Step 10 starts SQLAlchemy for each name: the trickiest ones only.
NAMES_10 = ("Nevada", "nevada", "Névada", "NEVADA", "Texas ",
            "O'Higgins", "It's \"both\"", "100%", "New_Jersey",
            "Back\\slash", "Quebec", "Ñuble", "Sonora \U0001f335",
            "' OR '1'='1")


def build(database, states=STATES, cities=CITIES):
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


class Rows:
    """The raw rows of a database, read with plain SELECTs, and orders."""

    def __init__(self, database):
        """Read every state and city with a SELECT that has no clauses."""
        states = query(database, "SELECT id, name FROM states")
        cities = query(database, "SELECT id, state_id, name FROM cities")
        self.states = sorted(states)
        self.cities = sorted(cities)
        self.state_name = dict(states)


def expected(script, rows, *args):
    """Compute what ``script`` must print on ``rows``, in plain Python."""
    step = number(script)
    if step == 0:
        return lines(rows.states)
    if step == 1:
        return lines(s for s in rows.states if s[1].startswith("N"))
    if step in (2, 3):
        return lines(s for s in rows.states if s[1] == args[0])
    if step == 4:
        return lines((c[0], c[2], rows.state_name[c[1]])
                     for c in rows.cities)
    if step == 5:
        return ", ".join(c[2] for c in rows.cities
                         if rows.state_name[c[1]] == args[0]) + "\n"
    if step == 7:
        return lines("{}: {}".format(*s) for s in rows.states)
    if step == 8:
        if not rows.states:
            return "Nothing\n"
        return "{}: {}\n".format(*rows.states[0])
    if step == 9:
        return lines("{}: {}".format(*s) for s in rows.states
                     if "a" in s[1])
    if step == 10:
        ids = [s[0] for s in rows.states if s[1] == args[0]]
        return "{}\n".format(ids[0]) if ids else "Not found\n"
    if step == 14:
        return lines("{}: ({}) {}".format(rows.state_name[c[1]], c[0], c[2])
                     for c in rows.cities)
    if step == 101:
        out = []
        for state_id, name in rows.states:
            out.append("{}: {}".format(state_id, name))
            out.extend("\t{}: {}".format(c[0], c[2]) for c in rows.cities
                       if c[1] == state_id)
        return lines(out)
    if step == 102:
        return lines("{}: {} -> {}".format(c[0], c[2], rows.state_name[c[1]])
                     for c in rows.cities)
    raise ValueError("no expectation for " + script)
