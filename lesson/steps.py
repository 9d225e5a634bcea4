"""The task's files: which exist, what kind each is, what it takes.

docs/steps.md states the same contract in words.
"""
DBAPI = (
    "0-select_states.py",
    "1-filter_states.py",
    "2-my_filter_states.py",
    "3-my_safe_filter_states.py",
    "4-cities_by_state.py",
    "5-filter_cities.py",
)
ORM = (
    "6-model_state.py",
    "7-model_state_fetch_all.py",
    "8-model_state_fetch_first.py",
    "9-model_state_filter_a.py",
    "10-model_state_my_get.py",
    "11-model_state_insert.py",
    "12-model_state_update_id_2.py",
    "13-model_state_delete_a.py",
    "14-model_city_fetch_by_state.py",
    "100-relationship_states_cities.py",
    "101-relationship_states_cities_list.py",
    "102-relationship_cities_states_list.py",
)
MODELS = (
    "model_state.py",
    "model_city.py",
    "relationship_state.py",
    "relationship_city.py",
)
STEPS = DBAPI + ORM
SQLALCHEMY = ORM + MODELS
TASK_FILES = STEPS + MODELS

# The steps that take a state name after the database.
NAMED = frozenset({"2-my_filter_states.py", "3-my_safe_filter_states.py",
                   "5-filter_cities.py", "10-model_state_my_get.py"})
# The steps that must treat that name as a value (step 2 does not).
SAFE = ("3-my_safe_filter_states.py", "5-filter_cities.py",
        "10-model_state_my_get.py")
# The steps that create tables, and those that change rows.
CREATORS = frozenset({"6-model_state.py",
                      "100-relationship_states_cities.py"})
WRITERS = frozenset({"11-model_state_insert.py",
                     "12-model_state_update_id_2.py",
                     "13-model_state_delete_a.py",
                     "100-relationship_states_cities.py"})
SHEBANG = "#!/usr/bin/python3"
ARGS = "mysql_username mysql_password database_name"


def number(script):
    """The step number of a script's file name: 14 for 14-model_...py."""
    return int(script.split("-", 1)[0])


def usage(script):
    """The arguments a step names in its usage line."""
    return ARGS + (" state_name" if script in NAMED else "")
