"""The path: every command of Parts 1-3 in order, with its exact output.

This is what a grader diffs against, on the task databases as the files
in sql/ load them: the README's path shows these commands and outputs (a
test holds the two together), bin/tour runs them, tests/test_outputs.py
replays them on copies of the databases, and bin/check compares a
student's files with them.  A Load is a file of sql/ loaded with the
mysql client between two steps.
"""
from collections import namedtuple

Run = namedtuple("Run", "script database args output")
Load = namedtuple("Load", "file database")

STATES = ("California", "Arizona", "Texas", "New York", "Nevada")
# (city id, name, state id), as sql/hbtn_0e_4_usa.sql inserts them.
CITIES = (
    (1, "San Francisco", 1), (2, "San Jose", 1), (3, "Los Angeles", 1),
    (4, "Fremont", 1), (5, "Livermore", 1), (6, "Page", 2),
    (7, "Phoenix", 2), (8, "Dallas", 3), (9, "Houston", 3),
    (10, "Austin", 3), (11, "New York", 4), (12, "Las Vegas", 5),
    (13, "Reno", 5), (14, "Henderson", 5), (15, "Carson City", 5),
)


def lines(items):
    """The text a step prints for ``items``: one line each."""
    return "".join("{}\n".format(item) for item in items)


def state_lines(states):
    """States as steps 7-9 print them: "1: California"."""
    return lines("{}: {}".format(i, name) for i, name in states)


FIVE = tuple(enumerate(STATES, 1))
TUPLES = lines(FIVE)
ORM_FIVE = state_lines(FIVE)
CITY_TUPLES = lines((i, name, STATES[s - 1]) for i, name, s in CITIES)
CITIES_BY_STATE = lines("{}: ({}) {}".format(STATES[s - 1], i, name)
                        for i, name, s in CITIES)
STATES_WITH_CITIES = lines(
    line for sid, state in FIVE
    for line in ["{}: {}".format(sid, state)] + [
        "\t{}: {}".format(i, name) for i, name, s in CITIES if s == sid])
CITIES_WITH_STATES = lines("{}: {} -> {}".format(i, name, STATES[s - 1])
                           for i, name, s in CITIES)
AFTER_12 = state_lines(((1, "California"), (2, "New Mexico"), (3, "Texas"),
                        (4, "New York"), (5, "Nevada"), (6, "Louisiana")))
AFTER_13 = state_lines(((2, "New Mexico"), (4, "New York")))
INJECTION = "' OR '1'='1"

DB0, DB4, DB6 = "hbtn_0e_0_usa", "hbtn_0e_4_usa", "hbtn_0e_6_usa"
DB14, DB100, DB101 = "hbtn_0e_14_usa", "hbtn_0e_100_usa", "hbtn_0e_101_usa"

# Part 1: the DB-API; Part 2: the ORM; Part 3: relationships.
PARTS = {
    1: (
        Run("0-select_states.py", DB0, (), TUPLES),
        Run("1-filter_states.py", DB0, (), lines(FIVE[3:])),
        Run("2-my_filter_states.py", DB0, ("Arizona",), lines(FIVE[1:2])),
        Run("2-my_filter_states.py", DB0, (INJECTION,), TUPLES),
        Run("3-my_safe_filter_states.py", DB0, ("Arizona",),
            lines(FIVE[1:2])),
        Run("3-my_safe_filter_states.py", DB0, (INJECTION,), ""),
        Run("4-cities_by_state.py", DB4, (), CITY_TUPLES),
        Run("5-filter_cities.py", DB4, ("Texas",),
            "Dallas, Houston, Austin\n"),
        Run("5-filter_cities.py", DB4, ("Hawaii",), "\n"),
    ),
    2: (
        Run("6-model_state.py", DB6, (), ""),
        Load("hbtn_0e_6_usa.states.sql", DB6),
        Run("7-model_state_fetch_all.py", DB6, (), ORM_FIVE),
        Run("8-model_state_fetch_first.py", DB6, (), "1: California\n"),
        Run("9-model_state_filter_a.py", DB6, (),
            state_lines(s for s in FIVE if "a" in s[1])),
        Run("10-model_state_my_get.py", DB6, ("Texas",), "3\n"),
        Run("10-model_state_my_get.py", DB6, ("Illinois",), "Not found\n"),
        Run("11-model_state_insert.py", DB6, (), "6\n"),
        Run("12-model_state_update_id_2.py", DB6, (), ""),
        Run("7-model_state_fetch_all.py", DB6, (), AFTER_12),
        Run("13-model_state_delete_a.py", DB6, (), ""),
        Run("7-model_state_fetch_all.py", DB6, (), AFTER_13),
        Run("14-model_city_fetch_by_state.py", DB14, (), CITIES_BY_STATE),
    ),
    3: (
        Run("100-relationship_states_cities.py", DB100, (), ""),
        Run("101-relationship_states_cities_list.py", DB100, (),
            "1: California\n\t1: San Francisco\n"),
        Run("101-relationship_states_cities_list.py", DB101, (),
            STATES_WITH_CITIES),
        Run("102-relationship_cities_states_list.py", DB101, (),
            CITIES_WITH_STATES),
    ),
}
PATH = PARTS[1] + PARTS[2] + PARTS[3]
# Every task database, as its file in sql/ creates it.
DATABASES = (DB0, DB4, DB6, DB14, DB100, DB101)
