#!/usr/bin/env python3
"""Step 1: what the database holds: its revision, tables, columns, rows.

Read by reflection (the database's own catalogue): the revision that
alembic_version records, then each table with its columns in order and
the ids of its rows, so that a migration's effect and the rows it kept
can be seen after each command.

Usage: ./1-schema.py URL
"""
from sqlalchemy import inspect
from sqlalchemy import MetaData
from sqlalchemy import select

import kit


def ids(numbers):
    """The ids as a range when they follow each other, else one by one."""
    if not numbers:
        return "no rows"
    if len(numbers) == 1:
        return "id {}".format(numbers[0])
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return "ids {}-{}".format(numbers[0], numbers[-1])
    return "ids " + ", ".join(str(n) for n in numbers)


def main(url):
    """Print the revision, then one line for each table."""
    engine = kit.engine(url)
    found = MetaData()
    found.reflect(engine)
    with engine.connect() as conn:
        version = found.tables.get("alembic_version")
        revision = version is not None and conn.scalar(
            select(version.c.version_num))
        print("revision:", revision or "none")
        for name in sorted(set(found.tables) - {"alembic_version"}):
            table = found.tables[name]
            columns = [c["name"] for c in inspect(conn).get_columns(name)]
            numbers = list(conn.scalars(
                select(table.c.id).order_by(table.c.id)))
            print("{}: {}; {}".format(name, ", ".join(columns), ids(numbers)))


if __name__ == "__main__":
    kit.run(main)
