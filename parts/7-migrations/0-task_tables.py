#!/usr/bin/env python3
"""Step 0: a task database, as the task leaves it: no Alembic in it yet.

The step drops every table of the database at URL, then makes the task's
two, states and cities, with the task's rows and ids, and no
alembic_version table: the start for ``alembic stamp``.  Run it again to
start over.

Usage: ./0-task_tables.py URL
"""
import kit


def main(url):
    """Start the database over with the task's tables and rows."""
    engine = kit.engine(url)
    kit.start_over(engine)
    print("states and cities, with the task's rows; no alembic_version")


if __name__ == "__main__":
    kit.run(main)
