"""What each step that writes leaves in its database, as plain SQL.

bin/check prepares every database state a step needs with these
statements, never by running another script: step 7 "after step 11" runs
on a copy of hbtn_0e_6_usa where the checker itself created the table,
loaded the five states and inserted Louisiana.  The same statements, run
on a twin copy, give the rows a writing step must leave behind.
"""
from lesson.path import PATH
from lesson.path import Load
from harness.server import SQL

STATES_TABLE = (
    "CREATE TABLE IF NOT EXISTS states ("
    " id INT NOT NULL AUTO_INCREMENT,"
    " name VARCHAR(128) NOT NULL,"
    " PRIMARY KEY (id))")
CITIES_TABLE = (
    "CREATE TABLE IF NOT EXISTS cities ("
    " id INT NOT NULL AUTO_INCREMENT,"
    " name VARCHAR(128) NOT NULL,"
    " state_id INT NOT NULL,"
    " PRIMARY KEY (id),"
    " FOREIGN KEY (state_id) REFERENCES states (id))")

EFFECTS = {
    "6-model_state.py": (STATES_TABLE,),
    "11-model_state_insert.py": (
        "INSERT INTO states (name) VALUES ('Louisiana')",),
    "12-model_state_update_id_2.py": (
        "UPDATE states SET name = 'New Mexico' WHERE id = 2",),
    "13-model_state_delete_a.py": (
        "DELETE FROM states WHERE CAST(name AS BINARY) LIKE '%a%'",),
    "100-relationship_states_cities.py": (
        STATES_TABLE, CITIES_TABLE,
        "INSERT INTO states (name) VALUES ('California')",
        "INSERT INTO cities (name, state_id)"
        " VALUES ('San Francisco', LAST_INSERT_ID())"),
}


def load_sql(entry):
    """The statements of a Load entry's file in sql/, without USE."""
    text = (SQL / entry.file).read_text("utf-8")
    body = "\n".join(line for line in text.split("\n")
                     if not line.startswith("--")
                     and not line.startswith("USE "))
    return tuple(s.strip() for s in body.split(";") if s.strip())


def before(index):
    """The statements that bring a fresh task database to PATH[index].

    They replay, as plain SQL, what the entries before it did to the same
    database: the tables step 6 or 100 creates, the files loaded, the
    rows steps 11 to 13 change.
    """
    database = PATH[index].database
    statements = []
    for entry in PATH[:index]:
        if entry.database != database:
            continue
        if isinstance(entry, Load):
            statements.extend(load_sql(entry))
        else:
            statements.extend(EFFECTS.get(entry.script, ()))
    return tuple(statements)
