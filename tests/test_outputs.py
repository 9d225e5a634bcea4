"""Exact output: every step, run as graders run it, prints SPEC.md's text.

Each step runs as its own process on a fresh copy of its task database, and
its stdout is compared byte for byte with the literal text of SPEC.md.
"""
import pytest

from conftest import Databases, after_step_6, ok, query

STATES = ("(1, 'California')\n(2, 'Arizona')\n(3, 'Texas')\n"
          "(4, 'New York')\n(5, 'Nevada')\n")

CITIES_TUPLES = (
    "(1, 'San Francisco', 'California')\n"
    "(2, 'San Jose', 'California')\n"
    "(3, 'Los Angeles', 'California')\n"
    "(4, 'Fremont', 'California')\n"
    "(5, 'Livermore', 'California')\n"
    "(6, 'Page', 'Arizona')\n"
    "(7, 'Phoenix', 'Arizona')\n"
    "(8, 'Dallas', 'Texas')\n"
    "(9, 'Houston', 'Texas')\n"
    "(10, 'Austin', 'Texas')\n"
    "(11, 'New York', 'New York')\n"
    "(12, 'Las Vegas', 'Nevada')\n"
    "(13, 'Reno', 'Nevada')\n"
    "(14, 'Henderson', 'Nevada')\n"
    "(15, 'Carson City', 'Nevada')\n")

STATES_ORM = ("1: California\n2: Arizona\n3: Texas\n"
              "4: New York\n5: Nevada\n")

CITIES_BY_STATE = (
    "California: (1) San Francisco\n"
    "California: (2) San Jose\n"
    "California: (3) Los Angeles\n"
    "California: (4) Fremont\n"
    "California: (5) Livermore\n"
    "Arizona: (6) Page\n"
    "Arizona: (7) Phoenix\n"
    "Texas: (8) Dallas\n"
    "Texas: (9) Houston\n"
    "Texas: (10) Austin\n"
    "New York: (11) New York\n"
    "Nevada: (12) Las Vegas\n"
    "Nevada: (13) Reno\n"
    "Nevada: (14) Henderson\n"
    "Nevada: (15) Carson City\n")

STATES_WITH_CITIES = (
    "1: California\n"
    "\t1: San Francisco\n"
    "\t2: San Jose\n"
    "\t3: Los Angeles\n"
    "\t4: Fremont\n"
    "\t5: Livermore\n"
    "2: Arizona\n"
    "\t6: Page\n"
    "\t7: Phoenix\n"
    "3: Texas\n"
    "\t8: Dallas\n"
    "\t9: Houston\n"
    "\t10: Austin\n"
    "4: New York\n"
    "\t11: New York\n"
    "5: Nevada\n"
    "\t12: Las Vegas\n"
    "\t13: Reno\n"
    "\t14: Henderson\n"
    "\t15: Carson City\n")

CITIES_WITH_STATES = (
    "1: San Francisco -> California\n"
    "2: San Jose -> California\n"
    "3: Los Angeles -> California\n"
    "4: Fremont -> California\n"
    "5: Livermore -> California\n"
    "6: Page -> Arizona\n"
    "7: Phoenix -> Arizona\n"
    "8: Dallas -> Texas\n"
    "9: Houston -> Texas\n"
    "10: Austin -> Texas\n"
    "11: New York -> New York\n"
    "12: Las Vegas -> Nevada\n"
    "13: Reno -> Nevada\n"
    "14: Henderson -> Nevada\n"
    "15: Carson City -> Nevada\n")


@pytest.fixture(scope="module")
def task():
    """One fresh copy of each read-only task database, for this module."""
    made = Databases()
    try:
        names = {name: made.new(name) for name in (
            "hbtn_0e_0_usa", "hbtn_0e_4_usa", "hbtn_0e_14_usa",
            "hbtn_0e_101_usa")}
        names["hbtn_0e_6_usa"] = after_step_6(made)
        yield names
    finally:
        made.drop_all()


@pytest.mark.parametrize("script, task_db, args, expected", [
    ("0-select_states.py", "hbtn_0e_0_usa", (), STATES),
    ("1-filter_states.py", "hbtn_0e_0_usa", (),
     "(4, 'New York')\n(5, 'Nevada')\n"),
    ("2-my_filter_states.py", "hbtn_0e_0_usa", ("Arizona",),
     "(2, 'Arizona')\n"),
    ("3-my_safe_filter_states.py", "hbtn_0e_0_usa", ("Arizona",),
     "(2, 'Arizona')\n"),
    ("4-cities_by_state.py", "hbtn_0e_4_usa", (), CITIES_TUPLES),
    ("5-filter_cities.py", "hbtn_0e_4_usa", ("Texas",),
     "Dallas, Houston, Austin\n"),
    ("5-filter_cities.py", "hbtn_0e_4_usa", ("Hawaii",), "\n"),
    ("7-model_state_fetch_all.py", "hbtn_0e_6_usa", (), STATES_ORM),
    ("8-model_state_fetch_first.py", "hbtn_0e_6_usa", (), "1: California\n"),
    ("9-model_state_filter_a.py", "hbtn_0e_6_usa", (),
     "1: California\n2: Arizona\n3: Texas\n5: Nevada\n"),
    ("10-model_state_my_get.py", "hbtn_0e_6_usa", ("Texas",), "3\n"),
    ("10-model_state_my_get.py", "hbtn_0e_6_usa", ("Illinois",),
     "Not found\n"),
    ("14-model_city_fetch_by_state.py", "hbtn_0e_14_usa", (),
     CITIES_BY_STATE),
    ("101-relationship_states_cities_list.py", "hbtn_0e_101_usa", (),
     STATES_WITH_CITIES),
    ("102-relationship_cities_states_list.py", "hbtn_0e_101_usa", (),
     CITIES_WITH_STATES),
], ids=lambda value: value if isinstance(value, str) and value.endswith(
    ".py") else (" ".join(value) if isinstance(value, tuple) else ""))
def test_read_step_prints_spec_output(task, script, task_db, args,
                                      expected):
    """A read-only step prints exactly SPEC.md's text, nothing on stderr."""
    assert ok(script, task[task_db], *args) == expected


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


def test_step_11_prints_the_new_id_6(dbs):
    """Step 11 on the fresh five states prints the new id, 6."""
    assert ok("11-model_state_insert.py", after_step_6(dbs)) == "6\n"


@pytest.mark.parametrize("script", [
    "12-model_state_update_id_2.py",
    "13-model_state_delete_a.py",
])
def test_write_step_prints_nothing(dbs, script):
    """Steps 12 and 13 print nothing on the fresh five states."""
    assert ok(script, after_step_6(dbs)) == ""


def test_step_100_prints_nothing(dbs):
    """Step 100 prints nothing on a fresh hbtn_0e_100_usa copy."""
    assert ok("100-relationship_states_cities.py",
              dbs.new("hbtn_0e_100_usa")) == ""
