#!/usr/bin/env python3
"""Cascade: session.delete() takes the cities along; a bulk delete does not.

State.cities is declared with cascade="all, delete-orphan" (models.py),
so session.delete(state) makes the ORM delete the state's cities first,
then the state.  delete(State) is one DELETE statement, run by the
server: no ORM, no cascade, and the foreign key of cities refuses it
while the state has cities (error 1451).  Both are rolled back.

Usage: ./18-cascade_delete.py mysql_username mysql_password database_name
"""
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import kit
from models import State


def main(user, password, database):
    """Delete Arizona through the session, then in bulk; keep both."""
    engine = kit.engine(user, password, database)
    sent = kit.sent(engine)
    with Session(engine) as session:
        state = session.get(State, 2)
        name = state.name
        before = len(sent)
        session.delete(state)
        session.flush()
        # The ORM first loads the cities it must delete (a SELECT).
        tables = ", then ".join(s.split()[2] for s in sent[before:]
                                if s.startswith("DELETE"))
        print("session.delete({}): DELETE FROM {}".format(name, tables))
        session.rollback()
        try:
            session.execute(delete(State).where(State.id == 2))
        except IntegrityError as error:
            print("delete(State) for {}: one DELETE, no cascade: refused,"
                  " error {}".format(name, error.orig.args[0]))
        session.rollback()
        print("both rolled back: {} has its {} cities".format(
            name, len(session.get(State, 2).cities)))


if __name__ == "__main__":
    kit.run(main, "mysql_username mysql_password database_name")
