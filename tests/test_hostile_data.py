"""Right on other data: a dataset built to break careless solutions.

The dataset and the computation of what each step must print live in
lesson/hostile.py (names equal under the default collation but different
as text, quotes, %, _, backslashes, non-ASCII letters, id gaps, rows out
of id order, a state without cities); here each step runs on it.
"""
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import Databases, ok, query, step
from lesson.hostile import (CITIES, NAMES, NAMES_2, NAMES_10, STATES, Rows,
                            build, expected)
from lesson.steps import STEPS

SCRIPTS = {str(int(s.split("-")[0])): s for s in STEPS}


@pytest.fixture(scope="module")
def hostile():
    """The hostile dataset, and an empty one: (hostile db, empty db)."""
    made = Databases()
    try:
        full, empty = made.new(), made.new()
        build(full)
        build(empty, [], [])
        yield full, empty
    finally:
        made.drop_all()


def answers(number, database, names):
    """Run step ``number`` once per name, a few at a time; its stdouts."""
    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(
            lambda name: ok(SCRIPTS[number], database, name), names))


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


def test_storage_order_is_not_id_order(hostile):
    """Without ORDER BY the server returns rows in an index's order."""
    full = hostile[0]
    for sql in ("SELECT id, name FROM states",
                "SELECT cities.id, cities.name FROM cities"
                " JOIN states ON states.id = cities.state_id"):
        rows = query(full, sql)
        assert [r[0] for r in rows] != sorted(r[0] for r in rows), sql


@pytest.mark.parametrize("number", ["0", "1", "4", "7", "8", "9", "14",
                                    "101", "102"])
def test_step_without_argument(hostile, number):
    """A step with no argument prints the computed text on hostile data."""
    full = hostile[0]
    assert ok(SCRIPTS[number], full) == expected(SCRIPTS[number],
                                                 Rows(full))


@pytest.mark.parametrize("number", ["3", "5", "10"])
def test_safe_step_with_every_name(hostile, number):
    """Steps 3, 5 and 10 give the exact-match answer for every name."""
    full = hostile[0]
    rows = Rows(full)
    names = NAMES_10 if number == "10" else NAMES
    got = answers(number, full, names)
    for name, out in zip(names, got):
        assert (name, out) == (
            name, expected(SCRIPTS[number], rows, name))
    assert Rows(full).states == rows.states


def test_step_2_with_names_format_can_hold(hostile):
    """Step 2 gives the exact-match answer for quote-free names."""
    full = hostile[0]
    rows = Rows(full)
    got = answers("2", full, NAMES_2)
    for name, out in zip(NAMES_2, got):
        assert (name, out) == (name, expected(SCRIPTS["2"], rows, name))


def test_step_2_breaks_on_a_quote(hostile):
    """Step 2 with O'Higgins fails with a syntax error: its lesson."""
    proc = step(SCRIPTS["2"], hostile[0], "O'Higgins")
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr.startswith("Error 1064: "), proc.stderr


EMPTY = {"0": "", "1": "", "4": "", "7": "", "8": "Nothing\n", "9": "",
         "14": "", "101": "", "102": ""}


@pytest.mark.parametrize("number", sorted(EMPTY))
def test_step_on_empty_tables(hostile, number):
    """On empty tables a step prints only what docs/steps.md says."""
    empty = hostile[1]
    out = ok(SCRIPTS[number], empty)
    assert out == EMPTY[number]
    assert out == expected(SCRIPTS[number], Rows(empty))


@pytest.mark.parametrize("number, output", [
    ("2", ""), ("3", ""), ("5", "\n"), ("10", "Not found\n")])
def test_step_with_argument_on_empty_tables(hostile, number, output):
    """On empty tables a step with a name prints no row (docs/steps.md)."""
    empty = hostile[1]
    names = ["Nevada", "Texas", "Hawaii"]
    assert answers(number, empty, names) == [output] * len(names)
