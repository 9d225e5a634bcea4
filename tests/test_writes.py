"""Writes persist and compose: what steps 11-13 and 100 leave behind.

The path itself (6, 7, 11, 7, 12, 7, 13, 7) is replayed by test_outputs.py;
here every check reads the rows back on a fresh connection of the test's own,
so a change that was never committed does not count.
"""
import subprocess

from conftest import (PASSWORD, ROOT, USER, after_step_6, connect, ok, query,
                      step)

STATES = [(1, "California"), (2, "Arizona"), (3, "Texas"), (4, "New York"),
          (5, "Nevada")]


def states(database):
    """Every (id, name) of the states table, read on a fresh connection."""
    return query(database, "SELECT id, name FROM states ORDER BY id")


def test_step_11_inserts_louisiana(dbs):
    """After step 11 a new connection sees Louisiana with the printed id."""
    database = after_step_6(dbs)
    assert states(database) == STATES
    assert ok("11-model_state_insert.py", database) == "6\n"
    assert states(database) == STATES + [(6, "Louisiana")]
    assert ok("11-model_state_insert.py", database) == "7\n"
    assert states(database)[-2:] == [(6, "Louisiana"), (7, "Louisiana")]


def test_step_12_renames_id_2(dbs):
    """After step 12 a new connection sees id 2 named New Mexico."""
    database = after_step_6(dbs)
    assert states(database) == STATES
    assert ok("12-model_state_update_id_2.py", database) == ""
    assert states(database) == [(1, "California"), (2, "New Mexico"),
                                (3, "Texas"), (4, "New York"), (5, "Nevada")]


def test_step_13_deletes_names_with_a(dbs):
    """After step 13 a new connection sees only the names without an a."""
    database = after_step_6(dbs)
    assert states(database) == STATES
    db = connect(database)
    try:
        db.cursor().execute("INSERT INTO states (id, name) VALUES"
                            " (6, 'ALASKA'), (7, 'Bogot\u00e1'),"
                            " (8, 'Ohio'), (9, 'Kansas')")
    finally:
        db.close()
    assert ok("13-model_state_delete_a.py", database) == ""
    assert states(database) == [(4, "New York"), (6, "ALASKA"),
                                (7, "Bogot\u00e1"), (8, "Ohio")]


def test_step_12_without_id_2_fails_cleanly(dbs):
    """Step 12 with no id 2: one stderr line, exit 1, nothing changed."""
    database = dbs.new("hbtn_0e_6_usa")
    assert ok("6-model_state.py", database) == ""
    query(database, "INSERT INTO states (id, name) VALUES"
                    " (1, 'California'), (3, 'Texas')")
    proc = step("12-model_state_update_id_2.py", database)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and proc.stderr.endswith("\n")
    assert proc.stderr.strip() != ""
    assert "Traceback" not in proc.stderr
    assert states(database) == [(1, "California"), (3, "Texas")]


def test_step_100_twice_adds_two_californias(dbs):
    """Each run of step 100 adds a California with its own San Francisco."""
    database = dbs.new("hbtn_0e_100_usa")
    assert ok("100-relationship_states_cities.py", database) == ""
    tables = sorted(query(database, "SHOW TABLES"))
    assert tables == [("cities",), ("states",)]
    assert ok("100-relationship_states_cities.py", database) == ""
    made = states(database)
    assert [name for _, name in made] == ["California", "California"]
    cities = query(database, "SELECT name, state_id FROM cities"
                             " ORDER BY id")
    assert [name for name, _ in cities] == ["San Francisco"] * 2
    assert [state_id for _, state_id in cities] == [i for i, _ in made]


DELETE_SNIPPET = """
import sys
from sqlalchemy import create_engine
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session
from relationship_city import City
from relationship_state import State

user, password, database, state_id = sys.argv[1:]
engine = create_engine(URL.create(
    "mysql+mysqldb", username=user, password=password, host="localhost",
    port=3306, database=database, query={"charset": "utf8mb4"}))
with Session(engine) as session:
    state = session.get(State, int(state_id))
    assert isinstance(state.cities[0], City)
    session.delete(state)
    session.commit()
"""


def test_deleting_a_state_deletes_its_cities(dbs):
    """Deleting a State through the relationship models drops its cities."""
    database = dbs.new("hbtn_0e_101_usa")
    proc = subprocess.run(
        ["/usr/bin/python3", "-c", DELETE_SNIPPET, USER, PASSWORD, database,
         "3"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    assert states(database) == [s for s in STATES if s[0] != 3]
    cities = query(database, "SELECT id, state_id FROM cities ORDER BY id")
    assert [c for c in cities if c[1] == 3] == []
    assert [c[0] for c in cities] == [1, 2, 3, 4, 5, 6, 7, 11, 12, 13, 14,
                                      15]
