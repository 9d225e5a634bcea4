#!/usr/bin/env python3
"""Step 2: the database sets created_at and updated_at, not the code.

The step inserts a state without either timestamp, reads them back, then
renames it in another transaction and reads them again: the database
filled both at the INSERT and renewed updated_at at the UPDATE (MariaDB
by ON UPDATE, PostgreSQL and SQLite by a trigger).  It prints what it
found, never the times themselves, and deletes the state.  The database
must be at revision 0002 or later.

Usage: ./2-timestamps.py URL
"""
import time

from sqlalchemy import delete
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

import kit
from models import State


def stamps(session, state_id):
    """Read the state's two timestamps from the database, afresh."""
    session.expire_all()
    return session.execute(select(State.created_at, State.updated_at)
                           .where(State.id == state_id)).one()


def main(url):
    """Insert, update, and say what the database did to the timestamps."""
    engine = kit.engine(url)
    with Session(engine) as session:
        hawaii = State(name="Hawaii")
        session.add(hawaii)
        session.commit()
        made, changed = stamps(session, hawaii.id)
        print("INSERT: both set:", made is not None and changed == made)
        # SQLite's clock counts milliseconds: let one pass.
        time.sleep(0.01)
        session.execute(update(State).where(State.id == hawaii.id)
                        .values(name="Hawaii (HI)"))
        session.commit()
        after, renewed = stamps(session, hawaii.id)
        print("UPDATE: created_at kept:", after == made)
        print("UPDATE: updated_at later:", renewed > changed)
        session.execute(delete(State).where(State.id == hawaii.id))
        session.commit()


if __name__ == "__main__":
    kit.run(main)
