#!/usr/bin/env python3
"""Layer 3, the ORM in 2.0 style: the same statement, rows as State objects.

select(State) is the Core select of the mapped table (State is declared
with DeclarativeBase, Mapped and mapped_column in models.py); the
Session runs it on a connection of the engine and session.scalars()
turns each row into a State.  The statement sent is still the same.

Usage: ./3-orm_select.py mysql_username mysql_password database_name
       name_pattern
"""
from sqlalchemy import select
from sqlalchemy.orm import Session

import kit
from models import State


def main(user, password, database, pattern):
    """Print "id: name" for each state whose name is LIKE the pattern."""
    engine = kit.engine(user, password, database)
    kit.echo(engine)
    with Session(engine) as session:
        query = (select(State)
                 .where(State.name.like(pattern)).order_by(State.id))
        for state in session.scalars(query):
            print("{}: {}".format(state.id, state.name))


if __name__ == "__main__":
    kit.run(main, "mysql_username mysql_password database_name"
                  " name_pattern")
