"""Exact output: the path of docs/steps.md, replayed as graders run it.

Every command of lesson.path.PATH runs in order as its own process, on
fresh copies of the task databases, and its stdout is compared byte for
byte with the path's text; the write steps compose as the task composes
them (11, then 7 shows Louisiana, ...).
"""
import pytest

from conftest import Databases, load_states, ok, query
from lesson.path import DATABASES, PATH, Load


@pytest.fixture(scope="module")
def replayed():
    """Replay the whole path once; [(run, stdout)] in order."""
    made = Databases()
    try:
        copy = {name: made.new(name) for name in DATABASES}
        done = []
        for entry in PATH:
            if isinstance(entry, Load):
                load_states(copy[entry.database])
                continue
            done.append((entry, ok(entry.script, copy[entry.database],
                                   *entry.args)))
        yield done
    finally:
        made.drop_all()


@pytest.mark.parametrize("index", range(sum(
    1 for entry in PATH if not isinstance(entry, Load))))
def test_path_step_prints_its_text(replayed, index):
    """Each command of the path prints exactly its text, nothing else."""
    entry, out = replayed[index]
    assert (entry.script, entry.args, out) == (
        entry.script, entry.args, entry.output)


def test_path_covers_every_step():
    """The path runs every one of the 18 steps at least once."""
    from lesson.steps import STEPS
    assert {e.script for e in PATH if not isinstance(e, Load)} == set(STEPS)


def test_step_6_prints_nothing_and_creates_states(dbs):
    """Step 6 prints nothing and leaves an empty states table behind."""
    database = dbs.new("hbtn_0e_6_usa")
    assert ok("6-model_state.py", database) == ""
    assert query(database, "SHOW TABLES") == [("states",)]
    assert ok("7-model_state_fetch_all.py", database) == ""


def test_step_8_on_an_empty_table_prints_nothing_word(dbs):
    """Step 8 on an empty states table prints the word Nothing."""
    database = dbs.new("hbtn_0e_6_usa")
    assert ok("6-model_state.py", database) == ""
    assert ok("8-model_state_fetch_first.py", database) == "Nothing\n"
