#!/usr/bin/env python3
"""A Row: what a select of columns gives back, read four ways.

select(State.id, State.name) asks for columns, not objects: each result
row is a Row, which is a named tuple.  It is read by attribute name, by
index, through its mapping (a key that is not a valid Python name, such
as a label with a space, can only be read there), or unpacked.

Usage: ./20-rows.py mysql_username mysql_password database_name
"""
from sqlalchemy import select
from sqlalchemy.orm import Session

import kit
from models import State


def main(user, password, database):
    """Read the first state's row by name, index, mapping and unpacking."""
    engine = kit.engine(user, password, database)
    query = select(State.id, State.name).where(State.id == 1)
    with Session(engine) as session:
        row = session.execute(query).one()
    print("row.name: {}".format(row.name))
    print("row[1]: {}".format(row[1]))
    print("row._mapping['name']: {}".format(row._mapping["name"]))
    state_id, name = row
    print("state_id, name = row: {} {}".format(state_id, name))


if __name__ == "__main__":
    kit.run(main, "mysql_username mysql_password database_name")
