#!/usr/bin/env python3
"""Step 7: a CREATE TABLE inside a transaction that is rolled back.

PostgreSQL and SQLite put DDL in the transaction like any write, so
ROLLBACK undoes the new table and the row inserted before it.  MariaDB
commits before and after every DDL statement (an implicit commit): the
table stays, and so does the row, although the code said rollback().
The step starts from the task's rows and removes what stayed.

Usage: ./7-ddl_rollback.py URL
"""
from sqlalchemy import Column
from sqlalchemy import inspect
from sqlalchemy import Integer
from sqlalchemy import MetaData
from sqlalchemy import select
from sqlalchemy import Table
from sqlalchemy.orm import Session

import kit
from models import State

NOTES = Table("hbtn_6_notes", MetaData(), Column("id", Integer))


def main(url):
    """Insert, create a table, roll back, and say what is still there."""
    engine = kit.engine(url)
    kit.reset(engine)
    NOTES.drop(engine, checkfirst=True)
    with Session(engine) as session:
        session.add(State(name="Hawaii"))
        session.flush()
        NOTES.create(session.connection())
        session.rollback()
        hawaii = session.scalar(select(State).where(State.name == "Hawaii"))
    table = inspect(engine).has_table(NOTES.name)
    print("after rollback(), the table:", "kept" if table else "undone")
    print("after rollback(), Hawaii:", "kept" if hawaii else "undone")
    NOTES.drop(engine, checkfirst=True)
    kit.reset(engine)


if __name__ == "__main__":
    kit.run(main)
