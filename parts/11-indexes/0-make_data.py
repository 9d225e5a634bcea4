#!/usr/bin/env python3
"""Step 0: a large, deterministic copy of the task's tables, made once.

The task's five states and fifteen cities are read in microseconds
whatever the query: an index only matters when a table is large.  This
step fills states and cities on the server itself, with one INSERT ...
SELECT per table from a sequence of numbers (nothing goes row by row),
so that every run makes the same rows: city k belongs to state
1 + (k - 1) % STATES and is named by k, with look-alikes ("Reno 1234",
"reno 1234", "RÉNO 1234", "Réno 1234") for the exactness of step 2.
The keys are built after the rows, once.  The data is kept: a second
run with the same size keeps the rows, and drops only the indexes that
the steps left behind.

Usage: ./0-make_data.py URL [CITIES]   (default 2000000, 20 per state)
"""
import sys

from sqlalchemy import inspect
from sqlalchemy import text

import kit

PER_STATE = 20
WORDS = ("Reno", "reno", "RÉNO", "Réno", "Page", "Dallas", "Austin",
         "Fremont")
NUMBERS = {"mysql": "seq_1_to_{}",      # MariaDB's Sequence engine
           "postgresql": "generate_series(1, {}) AS numbers (seq)"}
# Each table gets its primary key first on MariaDB (InnoDB stores the
# rows in its order), after the rows on PostgreSQL (a heap, and building
# the key once is cheaper than keeping it up to date row by row).
TABLES = {
    "mysql": ("CREATE TABLE states (id INTEGER NOT NULL PRIMARY KEY,"
              " name VARCHAR(128) NOT NULL)",
              "CREATE TABLE cities (id INTEGER NOT NULL PRIMARY KEY,"
              " name VARCHAR(128) NOT NULL, state_id INTEGER NOT NULL)"),
    "postgresql": ("CREATE TABLE states (id INTEGER NOT NULL,"
                   " name VARCHAR(128) NOT NULL)",
                   "CREATE TABLE cities (id INTEGER NOT NULL,"
                   " name VARCHAR(128) NOT NULL,"
                   " state_id INTEGER NOT NULL)"),
}
WORD = "CASE seq % 8 {} END".format(" ".join(
    "WHEN {} THEN '{}'".format(i, w) for i, w in enumerate(WORDS)))
FILL = (
    "INSERT INTO states (id, name) SELECT seq, CONCAT('State ', seq)"
    " FROM {states}",
    "INSERT INTO cities (id, name, state_id) SELECT seq, CONCAT("
    + WORD + ", ' ', FLOOR(seq / 8)), 1 + (seq - 1) % {count}"
    " FROM {cities}",
)
# Then the keys, each built once over the rows already there.  InnoDB
# would index the foreign key itself (and drop that index silently when
# another one starts with state_id); PostgreSQL would not index it at
# all.  Named here, the index is the same on both.  MariaDB checks a new
# foreign key by copying the whole table: here it is added unchecked
# (the rows are made right, and the part's tests check every one);
# PostgreSQL checks it with one join.
KEYS = {
    "mysql": ("CREATE INDEX ix_cities_state_id ON cities (state_id)",
              "SET SESSION foreign_key_checks = 0",
              "ALTER TABLE cities ADD FOREIGN KEY (state_id)"
              " REFERENCES states (id)",
              "SET SESSION foreign_key_checks = 1"),
    "postgresql": ("ALTER TABLE states ADD PRIMARY KEY (id)",
                   "ALTER TABLE cities ADD PRIMARY KEY (id)",
                   "ALTER TABLE cities ADD FOREIGN KEY (state_id)"
                   " REFERENCES states (id)",
                   "CREATE INDEX ix_cities_state_id ON cities (state_id)"),
}
MADE = ["ix_cities_state_id (state_id)"]
STATISTICS = {"mysql": "ANALYZE TABLE states, cities",
              "postgresql": "VACUUM ANALYZE"}
DROP = {"mysql": "DROP INDEX {} ON cities", "postgresql": "DROP INDEX {}"}


def counts(conn):
    """(states, cities) in the database now, or None without tables."""
    if not inspect(conn).has_table("cities"):
        return None
    return tuple(conn.scalar(text("SELECT COUNT(*) FROM " + table))
                 for table in ("states", "cities"))


def indexes(conn):
    """The indexes on cities besides its primary key, as "name (columns)".
    """
    return sorted("{} ({})".format(found["name"], ", ".join(
        found["column_names"])) for found in inspect(conn).get_indexes(
            "cities"))


def make(conn, states, cities):
    """Drop the tables, create them, fill them from a sequence."""
    conn.execute(text("DROP TABLE IF EXISTS cities"))
    conn.execute(text("DROP TABLE IF EXISTS states"))
    for sql in TABLES[conn.dialect.name]:
        conn.execute(text(sql))
    numbers = NUMBERS[conn.dialect.name]
    for sql in FILL:
        conn.execute(text(sql.format(
            states=numbers.format(states), cities=numbers.format(cities),
            count=states)))
    for sql in KEYS[conn.dialect.name]:
        conn.execute(text(sql))
    # The planner's statistics (and PostgreSQL's visibility map).
    conn.execute(text(STATISTICS[conn.dialect.name]))


def tidy(conn):
    """Drop the indexes the steps made and left (step 1's, for one)."""
    for found in inspect(conn).get_indexes("cities"):
        if found["name"] != "ix_cities_state_id":
            kit.note("dropped the index " + found["name"])
            conn.execute(text(DROP[conn.dialect.name].format(found["name"])))


def main(url, cities="2000000"):
    """Make the rows unless they are there; print what the tables hold."""
    if not cities.isdigit() or not PER_STATE <= int(cities) <= 10 ** 7:
        sys.exit("Error: CITIES is a number from 20 to 10000000")
    wanted = (int(cities) // PER_STATE, int(cities))
    with kit.engine(url, data=False).connect() as conn:
        if counts(conn) == wanted and MADE[0] in indexes(conn):
            kit.note("kept the tables")
            tidy(conn)
        else:
            make(conn, *wanted)
        print("{} states, {} cities".format(*counts(conn)))
        print("indexes on cities besides its primary key:",
              ", ".join(indexes(conn)) or "none")


if __name__ == "__main__":
    kit.run(main, "URL [CITIES]")
