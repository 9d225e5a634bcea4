"""The model files: the tables they describe, and the relationship.

Each model is imported in the sandbox by a small program of ours, which
creates its tables in a throw-away database (output: the columns, types,
keys and foreign key must be those of the same tables made in plain
SQL).  For relationship_state.py the program also adds a state with two
cities through State.cities and deletes the state (writes: the cities go
with it); for relationship_city.py it reads city.state back.
"""
from check.advice import do
from check.failure import Failure, last_error
from check.judge import timeout
from lesson.effects import CITIES_TABLE, STATES_TABLE

DRIVER = r"""
import os
import sys

from sqlalchemy import create_engine
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

name, user, password, database = sys.argv[1:]
# python3 -c puts the current folder, the student's, first on the path.
module = __import__(name[:-3])
if name.startswith("relationship_"):
    from relationship_city import City
    from relationship_state import State
engine = create_engine(URL.create(
    "mysql+mysqldb", username=user, password=password,
    host=os.environ.get("MYSQL_HOST", "localhost"),
    port=int(os.environ.get("MYSQL_TCP_PORT", "3306")),
    database=database, query={"charset": "utf8mb4"}))
module.Base.metadata.create_all(engine)
if name == "relationship_state.py":
    with Session(engine) as session:
        state = State(name="California")
        state.cities.extend([City(name="San Jose"), City(name="Fresno")])
        session.add(state)
        session.commit()
        session.delete(state)
        session.commit()
if name == "relationship_city.py":
    with Session(engine) as session:
        state = State(name="Texas")
        city = City(name="Austin", state=state)
        session.add(city)
        session.commit()
        assert [c.name for c in state.cities] == ["Austin"]
        assert city.state.name == "Texas"
"""
TABLES = {"model_state.py": ("states",), "model_city.py": ("cities",),
          "relationship_state.py": ("states",),
          "relationship_city.py": ("cities",)}
COLUMNS = ("SELECT table_name, column_name, data_type,"
           " character_maximum_length, is_nullable, column_key,"
           " extra LIKE '%%auto_increment%%'"
           " FROM information_schema.columns WHERE table_schema = %s"
           " ORDER BY table_name, column_name")
KEYS = ("SELECT table_name, column_name, referenced_table_name,"
        " referenced_column_name FROM information_schema.key_column_usage"
        " WHERE table_schema = %s AND referenced_table_name IS NOT NULL"
        " ORDER BY table_name, column_name")


def shape(box, database, tables):
    """The columns and foreign keys of ``tables`` in ``database``."""
    columns = [r for r in box.as_student(database, COLUMNS, (database,))
               if r[0] in tables]
    keys = [r for r in box.as_student(database, KEYS, (database,))
            if r[0] in tables]
    return columns, keys


def differs(got, want):
    """One clause saying how the table differs from the contract."""
    for have, need, what in ((got[0], want[0], "column"),
                             (got[1], want[1], "foreign key")):
        for row in need:
            if row not in have:
                same = [r for r in have if r[:2] == row[:2]]
                if not same:
                    return "{}.{} is missing".format(*row[:2])
                return "{} {}.{} is {}, not {}".format(
                    what, row[0], row[1], describe(same[0]),
                    describe(row))
    return None


def describe(row):
    """A column row or a key row as the report shows it."""
    if len(row) == 4:
        return "{}.{}".format(row[2], row[3])
    text = row[2] + ("({})".format(row[3]) if row[3] else "")
    text += " NOT NULL" if row[4] == "NO" else " NULL"
    text += " PRIMARY KEY" if row[5] == "PRI" else ""
    return text + (" AUTO_INCREMENT" if row[6] else "")


def check(box, name):
    """The failures of one model file."""
    database = box.database()
    user, password = box.login(name, database)
    result = box.run(["/usr/bin/python3", "-c", DRIVER, name, user,
                      password, database])
    shown = "importing {} and creating its tables".format(name)
    if result.timed_out:
        return [timeout(shown)]
    found = []
    if result.status != 0:
        last = last_error(result.stderr)
        check = "writes" if name.startswith("relationship_") and \
            "create_all" not in result.stderr else "output"
        found.append(Failure(check, "{} failed: {}".format(
            shown if check == "output" else "adding and deleting rows"
            " through the relationship", last), do=do(
                "relationship" if check == "writes" else "crash")))
        if check == "output":
            return found
    twin = box.database(None, (STATES_TABLE, CITIES_TABLE))
    wrong = differs(shape(box, database, TABLES[name]),
                    shape(box, twin, TABLES[name]))
    if wrong:
        found.insert(0, Failure("output", "the table it describes"
                                " differs from the task's: " + wrong,
                                do=do("model")))
    return found
