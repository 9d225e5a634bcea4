#!/usr/bin/env python3
"""Step 0: a large, deterministic copy of the task's tables, made once.

The task's five states and fifteen cities are read in microseconds
whatever the query: an index only matters when a table is large.  This
step fills states and cities on the server itself, with one INSERT ...
SELECT per table from a sequence of numbers (nothing goes row by row),
so that every run makes the same rows: city k belongs to state
1 + (k - 1) % STATES and is named by k, with look-alikes ("Reno 1234",
"reno 1234", "RÉNO 1234", "Réno 1234") for the exactness of step 2.
The data is kept: a second run with the same size changes nothing.

Usage: ./0-make_data.py URL [CITIES]   (default 100000, 20 per state)
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
TABLES = (
    "CREATE TABLE states (id INTEGER NOT NULL PRIMARY KEY,"
    " name VARCHAR(128) NOT NULL)",
    "CREATE TABLE cities (id INTEGER NOT NULL PRIMARY KEY,"
    " name VARCHAR(128) NOT NULL, state_id INTEGER NOT NULL,"
    " FOREIGN KEY (state_id) REFERENCES states (id))",
    # InnoDB would index the foreign key itself (and drop that index
    # silently when another one starts with state_id); PostgreSQL would
    # not index it at all.  Named here, the index is the same on both.
    "CREATE INDEX ix_cities_state_id ON cities (state_id)",
)
WORD = "CASE seq % 8 {} END".format(" ".join(
    "WHEN {} THEN '{}'".format(i, w) for i, w in enumerate(WORDS)))
FILL = (
    "INSERT INTO states (id, name) SELECT seq, CONCAT('State ', seq)"
    " FROM {states}",
    "INSERT INTO cities (id, name, state_id) SELECT seq, CONCAT("
    + WORD + ", ' ', FLOOR(seq / 8)), 1 + (seq - 1) % {count}"
    " FROM {cities}",
)
MADE = ["ix_cities_state_id (state_id)"]
STATISTICS = {"mysql": "ANALYZE TABLE states, cities",
              "postgresql": "VACUUM ANALYZE"}


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
    for sql in TABLES:
        conn.execute(text(sql))
    numbers = NUMBERS[conn.dialect.name]
    for sql in FILL:
        conn.execute(text(sql.format(
            states=numbers.format(states), cities=numbers.format(cities),
            count=states)))
    # The planner's statistics (and PostgreSQL's visibility map).
    conn.execute(text(STATISTICS[conn.dialect.name]))


def main(url, cities="100000"):
    """Make the rows unless they are there; print what the tables hold."""
    if not cities.isdigit() or not PER_STATE <= int(cities) <= 10 ** 7:
        sys.exit("Error: CITIES is a number from 20 to 10000000")
    wanted = (int(cities) // PER_STATE, int(cities))
    with kit.engine(url, data=False).connect() as conn:
        if counts(conn) == wanted and indexes(conn) == MADE:
            kit.note("kept the tables")
        else:
            make(conn, *wanted)
        print("{} states, {} cities".format(*counts(conn)))
        print("indexes on cities besides its primary key:",
              ", ".join(indexes(conn)) or "none")


if __name__ == "__main__":
    kit.run(main, "URL [CITIES]")
