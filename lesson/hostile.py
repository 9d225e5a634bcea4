"""Data built to break careless solutions, and what each step must print.

Names differ only by case, accents or a trailing space (equal under the
default collation, different as text), hold quotes, %, _, backslashes and
non-ASCII letters; ids have gaps and rows go in out of id order, and an
index on the names makes a query without ORDER BY return them in name
order; some states have no cities.  What a step must print is computed here, in
Python, from the raw rows (a plain SELECT of each table), never from a
script or its SQL.
"""
import re
import unicodedata
from collections import namedtuple

from lesson.path import lines
from harness.server import connect
from harness.server import query
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
    " KEY (state_id, name),"
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
    # Each pitfall again with the wrong row on the other side by id.
    (8, "Oregon"),
    (9, "OREGON"),
    (36, "Quebec"),
    (14, "Utah"),
    (15, "Utah "),
    (19, "50 cent Ohio"),
    (20, "50% Ohio"),
    (10, "NewXMexico"),
    (11, "New_Mexico"),
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
    # Inside a state, name order differs from id order, so a join that
    # reads a state's cities through the index on (state_id, name) gives
    # them in name order unless the query orders them by id.
    (90, 13, "Abilene"),
    (95, 1000, "Boulder City"),
    (10, 8, "Salem"),
    (11, 9, "Portland"),
    (12, 36, "Laval"),
    (13, 14, "Provo"),
    (14, 15, "Ogden"),
    (15, 19, "Akron"),
    (16, 20, "Dayton"),
    (17, 10, "Xenia"),
    (18, 11, "Santa Fe"),
)

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
# Steps 2, 3 and 5 print every match, so a wrong match shows whatever
# its id; step 10 prints the first, so each pitfall comes in both orders:
# the wrong row has the lower id for one name of a pair and the higher id
# for the other.
NAMES_10 = ("Nevada", "Névada", "OREGON", "Texas", "Utah ", "O'Higgins",
            "It's \"both\"", "100%", "50% Ohio", "New_Mexico",
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


def fold(text):
    """A name as MySQL's default collation sees it: no case, no accents."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed
                   if not unicodedata.combining(c)).casefold()


def like(text, pattern):
    """Whether ``text`` matches the LIKE ``pattern`` (% _ and \\ escapes)."""
    parts = re.findall(r"\\.|%|_|[^%_\\]+|\\", pattern, re.S)
    regex = "".join(".*" if p == "%" else "." if p == "_" else
                    re.escape(p[1:] if len(p) == 2 and p[0] == "\\"
                              else p) for p in parts)
    return re.fullmatch(regex, text, re.S) is not None


# How a step compares names: equal to the argument, starts with a
# prefix, holds a part.  EXACT is the task's; the others are the known
# mistakes bin/check replays (check/diagnose.py).
Compare = namedtuple("Compare", "equal starts holds")
EXACT = Compare(lambda name, arg: name == arg,
                lambda name, prefix: name.startswith(prefix),
                lambda name, part: part in name)
# = and LIKE under utf8mb4_unicode_ci: case and accents ignored, and =
# (not LIKE) also ignores trailing spaces.
COLLATION = Compare(
    lambda name, arg: fold(name).rstrip(" ") == fold(arg).rstrip(" "),
    lambda name, prefix: fold(name).startswith(fold(prefix)),
    lambda name, part: fold(part) in fold(name))
# = under a binary collation (utf8mb4_bin): still pads with spaces.
TRAILING = EXACT._replace(
    equal=lambda name, arg: name.rstrip(" ") == arg.rstrip(" "))
# The argument used as a LIKE pattern, with or without the collation.
LIKE = EXACT._replace(equal=lambda name, arg: like(fold(name), fold(arg)))
LIKE_BINARY = EXACT._replace(equal=like)


def expected(script, rows, *args, compare=EXACT):
    """Compute what ``script`` must print on ``rows``, in plain Python.

    ``compare`` replays a way of comparing names other than the task's.
    """
    return matches(script, rows, args, compare)[0]


def matches(script, rows, args, compare=EXACT):
    """Every output the step may print: several only for step 10.

    Step 10 prints one id; with a comparison that matches several rows,
    any of them may come first.
    """
    step = number(script)
    if step == 10:
        ids = [s[0] for s in rows.states if compare.equal(s[1], args[0])]
        return ["{}\n".format(i) for i in ids] or ["Not found\n"]
    return [printed(step, rows, args, compare)]


def printed(step, rows, args, compare):
    """What step ``step`` prints on ``rows`` comparing with ``compare``."""
    if step == 0:
        return lines(rows.states)
    if step == 1:
        return lines(s for s in rows.states
                     if compare.starts(s[1], "N"))
    if step in (2, 3):
        return lines(s for s in rows.states
                     if compare.equal(s[1], args[0]))
    if step == 4:
        return lines((c[0], c[2], rows.state_name[c[1]])
                     for c in rows.cities)
    if step == 5:
        return ", ".join(c[2] for c in rows.cities
                         if compare.equal(rows.state_name[c[1]], args[0])
                         ) + "\n"
    if step == 7:
        return lines("{}: {}".format(*s) for s in rows.states)
    if step == 8:
        if not rows.states:
            return "Nothing\n"
        return "{}: {}\n".format(*rows.states[0])
    if step == 9:
        return lines("{}: {}".format(*s) for s in rows.states
                     if compare.holds(s[1], "a"))
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
    raise ValueError("no expectation for step {}".format(step))
