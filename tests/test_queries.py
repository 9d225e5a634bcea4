"""Query discipline, proven by what the server received (general query log).

One SELECT for 101 and 102 (no N+1), LIMIT 1 for step 8, one statement for
steps 4 and 5, and bound parameters for steps 3, 5 and 10: a hostile input
only ever changes one string literal of the statement, which evaluates on
the server to exactly the input.  Step 2, the injectable one, is shown to
fail that same check.

Reading the query log is slow once it is large, so each database's runs
happen under one server_log() block, split per run by marker queries.
"""
import re

import pytest

from conftest import Databases, data_selects, query, server_log, step
from harness import queries
from harness.queries import COLLATION_EQUAL, HOSTILE, LITERAL, flat

MARKER = "SELECT 'hbtn test marker {}'"

ATTACK = "' OR '1'='1"

PLAIN_RUNS = [
    ("0-select_states.py",),
    ("1-filter_states.py",),
    ("2-my_filter_states.py", "Texas"),
    ("2-my_filter_states.py", "Arizona"),
    ("2-my_filter_states.py", ATTACK),
    ("3-my_safe_filter_states.py", "Texas"),
    ("4-cities_by_state.py",),
    ("5-filter_cities.py", "Texas"),
    ("5-filter_cities.py", "Nevada"),
    ("7-model_state_fetch_all.py",),
    ("8-model_state_fetch_first.py",),
    ("9-model_state_filter_a.py",),
    ("10-model_state_my_get.py", "Texas"),
    ("14-model_city_fetch_by_state.py",),
    ("101-relationship_states_cities_list.py",),
    ("102-relationship_cities_states_list.py",),
]
SAFE = ["3-my_safe_filter_states.py", "5-filter_cities.py",
        "10-model_state_my_get.py"]
TRAP_RUNS = ([("3-my_safe_filter_states.py", "Nevada"),
              ("3-my_safe_filter_states.py", "N\u00e9vada"),
              ("5-filter_cities.py", "nevada"),
              ("10-model_state_my_get.py", "N\u00e9vada"),
              ("10-model_state_my_get.py", "Texas ")]
             + [(script, name) for script in SAFE
                for name in ("Texas",) + HOSTILE])


class Record:
    """What one run printed, and the commands the server received from it."""

    def __init__(self, database, proc, received):
        """Keep the database, the finished process and its commands."""
        self.database = database
        self.proc = proc
        self.received = received

    def select(self):
        """Check the run succeeded with one data statement; return both.

        Every statement that names the tables must be that one SELECT.
        """
        assert self.proc.stderr == "", self.proc.stderr
        assert self.proc.returncode == 0
        touching = [arg for kind, arg in self.received if kind == "Query"
                    and ("states" in arg or "cities" in arg)]
        found = data_selects(self.received)
        assert len(found) == 1, self.received
        assert touching == found, self.received
        return self.proc.stdout, found[0]


def record(database, runs):
    """Run the steps one after another under one server log.

    Returns {(script, *args): Record}.  Before each run a marker query on a
    connection to the same database splits the log between the runs.
    """
    procs = []
    with server_log(database) as received:
        for number, (script, *args) in enumerate(runs):
            query(database, MARKER.format(number))
            procs.append(step(script, database, *args))
        query(database, MARKER.format("end"))
    chunks = []
    for kind, arg in received:
        if kind == "Query" and arg.startswith(MARKER.format("")[:-1]):
            chunks.append([])
        elif chunks:
            chunks[-1].append((kind, arg))
    assert len(chunks) == len(runs) + 1, received
    return {tuple(run): Record(database, proc, chunk)
            for run, proc, chunk in zip(runs, procs, chunks)}


@pytest.fixture(scope="module")
def made():
    """Throw-away databases shared by this module's tests."""
    databases = Databases()
    try:
        yield databases
    finally:
        databases.drop_all()


@pytest.fixture(scope="module")
def plain(made):
    """Every read step's record on a fresh copy of hbtn_0e_101_usa."""
    database = made.new("hbtn_0e_101_usa")
    return record(database, PLAIN_RUNS)


@pytest.fixture(scope="module")
def trap(made):
    """Records of 3, 5 and 10 on hbtn_0e_4_usa plus collation-equal names.

    Also the states before and after every run, under the key "states".
    """
    database = made.new("hbtn_0e_4_usa")
    assert query(database, "SELECT COUNT(*) FROM states") == [(5,)]
    for statement in COLLATION_EQUAL:
        query(database, statement)
    before = query(database, "SELECT id, name FROM states ORDER BY id")
    records = record(database, TRAP_RUNS)
    after = query(database, "SELECT id, name FROM states ORDER BY id")
    records["states"] = (before, after)
    return records


def split_at(statement, value):
    """Split a statement around the one literal that holds ``value``."""
    parts = queries.split_at(statement, value)
    assert parts is not None, statement
    return parts


def evaluate(database, literal):
    """What the server makes of ``literal`` alone: SELECT <literal>."""
    return queries.evaluate(database, literal)


def middle(statement, prefix, suffix):
    """The part of ``statement`` between a known prefix and suffix."""
    found = queries.middle(statement, prefix, suffix)
    assert found is not None, (prefix, suffix, statement)
    return found


def test_markers_split_the_log(plain):
    """Each run's share of the log holds a connection and a data SELECT."""
    assert len(plain) == len(PLAIN_RUNS)
    for run, rec in plain.items():
        kinds = [kind for kind, _ in rec.received]
        assert "Connect" in kinds, (run, rec.received)
        assert data_selects(rec.received), (run, rec.received)
        assert not any("hbtn test marker" in arg
                       for _, arg in rec.received), run


@pytest.mark.parametrize("script, lines", [
    ("101-relationship_states_cities_list.py", 20),
    ("102-relationship_cities_states_list.py", 15),
])
def test_relationship_listing_sends_one_select(plain, script, lines):
    """Steps 101 and 102 read 5 states and 15 cities with one SELECT."""
    rec = plain[(script,)]
    out, select = rec.select()
    assert len(out.splitlines()) == lines
    assert " JOIN " in flat(select).upper()
    assert len(query(rec.database, select)) == 15


ID = r"(?:`?\w+`?\.)?`?id`?(?: ASC)?"


@pytest.mark.parametrize("run, keys", [
    (run, 2 if run[0].startswith("101-") else 1)
    for run in PLAIN_RUNS if run[-1] != ATTACK], ids=lambda value: (
        " ".join(value) if isinstance(value, tuple) else str(value)))
def test_read_step_orders_explicitly(plain, run, keys):
    """Each read step's one SELECT ends with ORDER BY on the id(s)."""
    select = flat(plain[run].select()[1])
    found = re.search(r" ORDER BY (.*?)(?: LIMIT \d+)?$", select)
    assert found, select
    assert re.fullmatch(", ".join([ID] * keys), found.group(1)), select


def test_step_8_asks_for_one_row(plain):
    """Step 8's SELECT ends with LIMIT 1 and returns one of five rows."""
    rec = plain[("8-model_state_fetch_first.py",)]
    assert query(rec.database, "SELECT COUNT(*) FROM states") == [(5,)]
    out, select = rec.select()
    assert out == "1: California\n"
    assert flat(select).upper().endswith(" LIMIT 1"), select
    assert query(rec.database, select) == [(1, "California")]


@pytest.mark.parametrize("run, rows", [
    (("4-cities_by_state.py",), 15),
    (("5-filter_cities.py", "Texas"), 3),
    (("5-filter_cities.py", "Nevada"), 4),
], ids=lambda value: " ".join(value) if isinstance(value, tuple) else "")
def test_steps_4_and_5_send_one_statement(plain, run, rows):
    """Steps 4 and 5 read their rows with one JOIN statement."""
    out, select = plain[run].select()
    assert " JOIN " in flat(select).upper()
    printed = out.split(", ") if len(run) > 1 else out.splitlines()
    assert len(query(plain[run].database, select)) == len(printed) == rows


@pytest.mark.parametrize("run, matches, output", [
    (("3-my_safe_filter_states.py", "Nevada"), [(5, "Nevada")],
     "(5, 'Nevada')\n"),
    (("3-my_safe_filter_states.py", "N\u00e9vada"), [(7, "N\u00e9vada")],
     "(7, 'N\u00e9vada')\n"),
    (("5-filter_cities.py", "Texas"), 3, "Dallas, Houston, Austin\n"),
    (("5-filter_cities.py", "nevada"), 1, "Sparks\n"),
    (("10-model_state_my_get.py", "N\u00e9vada"), [(7, "N\u00e9vada")],
     "7\n"),
    (("10-model_state_my_get.py", "Texas "), [(8, "Texas ")], "8\n"),
], ids=lambda value: " ".join(value) if isinstance(value, tuple) else "")
def test_safe_step_filters_on_the_server(trap, run, matches, output):
    """The WHERE returns only exact matches: no filtering in Python."""
    out, select = trap[run].select()
    assert out == output
    assert " WHERE " in flat(select).upper()
    rows = query(trap[run].database, select)
    if isinstance(matches, int):
        assert len(rows) == matches
    else:
        assert rows == matches


@pytest.mark.parametrize("script, none", [
    ("3-my_safe_filter_states.py", ""),
    ("5-filter_cities.py", "\n"),
    ("10-model_state_my_get.py", "Not found\n"),
])
def test_safe_step_binds_the_input(trap, script, none):
    """A hostile input changes one literal, which evaluates to the input."""
    database = trap[(script, "Texas")].database
    prefix, suffix = split_at(trap[(script, "Texas")].select()[1], "Texas")
    assert " WHERE " in flat(prefix).upper()
    for hostile in HOSTILE:
        out, select = trap[(script, hostile)].select()
        assert (hostile, out) == (hostile, none)
        literal = middle(select, prefix, suffix)
        assert LITERAL.fullmatch(literal), literal
        assert evaluate(database, literal) == hostile
        assert query(database, select) == []


def test_hostile_inputs_changed_nothing(trap):
    """After every hostile input the states table is exactly as before."""
    before, after = trap["states"]
    assert len(before) == 9
    assert after == before


def test_step_2_lets_the_input_change_the_where(plain):
    """Step 2's statement with ' OR '1'='1 is a different query."""
    out, select = plain[("2-my_filter_states.py", "Arizona")].select()
    assert out == "(2, 'Arizona')\n"
    prefix, suffix = split_at(select, "Arizona")
    assert " WHERE " in flat(prefix).upper()
    rec = plain[("2-my_filter_states.py", ATTACK)]
    out, select = rec.select()
    assert len(out.splitlines()) == 5
    changed = middle(select, prefix, suffix)
    assert not LITERAL.fullmatch(changed), changed
    assert evaluate(rec.database, changed) != ATTACK
    assert len(query(rec.database, select)) == 5


def test_step_11_commit_expires_its_object_so_the_id_is_read_again(made):
    """README step 11: commit() flushes the INSERT, commits, and expires
    the new State, so print(state.id) sends one more SELECT, after the
    COMMIT, for the row the INSERT made."""
    database = made.new("hbtn_0e_6_usa")
    assert step("6-model_state.py", database).returncode == 0
    with server_log(database) as received:
        proc = step("11-model_state_insert.py", database)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "1\n", "")
    sent = [arg.split()[0].upper() for kind, arg in received
            if kind == "Query" and ("states" in arg or arg == "COMMIT")]
    assert sent == ["INSERT", "COMMIT", "SELECT"], received
    (last,) = data_selects(received)
    assert re.search(r"WHERE states\.id = 1\b", last), last
