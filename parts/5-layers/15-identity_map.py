#!/usr/bin/env python3
"""The session's identity map: one row, one object, one SELECT.

A Session keeps every object it loaded, by primary key.  Asked again for
State 3, session.get() finds it there and sends nothing; a query by name
must go to the server (only the server can tell which row matches), but
the row it gets back is already mapped, so the session hands back the
object it has instead of making a second one.

Usage: ./15-identity_map.py mysql_username mysql_password database_name
"""
from sqlalchemy import select
from sqlalchemy.orm import Session

import kit
from models import State


def main(user, password, database):
    """Load State 3 three ways; count the SELECTs, compare the objects."""
    engine = kit.engine(user, password, database)
    sent = kit.sent(engine)
    with Session(engine) as session:
        first = session.get(State, 3)
        again = session.get(State, 3)
        print("session.get(State, 3) twice: {} SELECT, the same object:"
              " {}".format(len(sent), again is first))
        query = select(State).where(State.name == first.name)
        by_name = session.scalars(query).one()
        print("then a SELECT by name: {} SELECTs, the same object:"
              " {}".format(len(sent), by_name is first))


if __name__ == "__main__":
    kit.run(main, "mysql_username mysql_password database_name")
