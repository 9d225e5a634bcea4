"""The hostile inputs for a state name, and the database they attack.

The inputs are read from injection.txt; the target database, the
snapshot that shows any change and the honest answer for each input serve
tests/test_injection.py and bin/check alike.
"""
from pathlib import Path

from harness.server import connect, mysql_cli, task_sql

DATA = Path(__file__).resolve().parent / "injection.txt"
OR_TRUE = "' OR '1'='1"
TASK_TEXT = ("Arizona'; TRUNCATE TABLE states ; SELECT * FROM states"
             " WHERE name = '")
UNION = "' UNION SELECT id, name FROM cities -- "
SLEEPY = "Arizona' AND SLEEP(3) -- "
# Too long for a readable line in the data file; argv takes up to 128 KiB.
LONG = ("A" * 60000, (OR_TRUE * 6000)[:60000])


def load(path=DATA):
    """Read the inputs: the text between the first and last | of a line.

    Lines starting with # are comments, blank lines are skipped; any other
    line must start and end with |, so a damaged line fails loudly.
    """
    inputs = []
    for count, line in enumerate(path.read_text("utf-8").split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if len(line) < 2 or not line[0] == line[-1] == "|":
            raise ValueError("{}:{}: an input must be written as |input|"
                             .format(path.name, count))
        inputs.append(line[1:-1])
    return inputs


CORPUS = tuple(load())
INPUTS = CORPUS + LONG

# The target: hbtn_0e_4_usa plus states whose names are the tricks
# themselves, each with a city, so a leak shows as extra output.
TASK = "hbtn_0e_4_usa"
EXTRA = (("%", "Percent Town"), ("_", "Underscore Bay"),
         ("O'Brien", "Quote Town"), ("' OR '1'='1", "Injection Falls"))
# The SQLAlchemy step starts slowly; it gets the first inputs of each
# kind in the data file (a kind starts at a # line) and the long ones.
PER_KIND = 2


def build(name):
    """Create database ``name``: hbtn_0e_4_usa plus tricky states."""
    mysql_cli(task_sql(TASK, name))
    conn = connect(name)
    try:
        cur = conn.cursor()
        for state, city in EXTRA:
            cur.execute("INSERT INTO states (name) VALUES (%s)", (state,))
            cur.execute("INSERT INTO cities (state_id, name) VALUES (%s, %s)",
                        (cur.lastrowid, city))
    finally:
        conn.close()


def snapshot(database, login=connect):
    """What must never change: tables, checksums, row counts, next ids.

    ``login(database)`` opens the connection that reads them.
    """
    conn = login(database)
    try:
        cur = conn.cursor()
        cur.execute("SELECT table_name, auto_increment"
                    " FROM information_schema.tables"
                    " WHERE table_schema = %s ORDER BY table_name",
                    (database,))
        tables = list(cur.fetchall())
        state = [tables]
        for table, _ in tables:
            cur.execute("CHECKSUM TABLE `{}`".format(table))
            state.append(cur.fetchone())
            cur.execute("SELECT COUNT(*) FROM `{}`".format(table))
            state.append(cur.fetchone())
        return state
    finally:
        conn.close()


def honest(script, text, states, cities, equal=None):
    """What ``script`` prints for ``text`` when the name is only a value.

    ``states`` are (id, name) and ``cities`` (id, state_id, name), in id
    order, as plain SELECTs read them; ``equal(name, text)`` replays a
    comparison other than the exact one.
    """
    ids = [i for i, name in states
           if (equal(name, text) if equal else name == text)]
    if script.startswith("3-"):
        names = dict(states)
        return "".join("{}\n".format((i, names[i])) for i in ids)
    if script.startswith("5-"):
        return ", ".join(name for _, state_id, name in cities
                         if state_id in ids) + "\n"
    return "{}\n".format(ids[0] if ids else "Not found")


def sample(path=DATA, per_kind=PER_KIND):
    """The first ``per_kind`` inputs under each # heading, and LONG."""
    chosen, taken = [], per_kind
    for line in path.read_text("utf-8").split("\n"):
        if line.startswith("#"):
            taken = 0
        elif line.strip() and taken < per_kind:
            chosen.append(line[1:-1])
            taken += 1
    return tuple(chosen) + LONG


SAMPLE = sample()
