#!/usr/bin/env python3
"""Step 2: read/write splitting: one Session, two servers.

A Session asks get_bind() which engine runs each statement.  Here a
SELECT goes to the replica, and everything else (the INSERT, UPDATE
and DELETE of a flush, a bulk delete) to the primary.  Then the fix of
step 1, built in: after a commit that wrote, the session notes the
primary's GTID, and its next read waits on the replica until the
replica has applied it (MASTER_GTID_WAIT, at most 5 s), so the program
always reads its own writes.  The task's steps 7 to 14 run through it,
and each says where its statements went.

Usage: ./parts/12-scaling/2-routing.py mysql_username mysql_password
       database_name
"""
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import create_engine
from sqlalchemy import delete
from sqlalchemy import event
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import Session
from sqlalchemy.orm import mapped_column
from sqlalchemy.sql import Select

import kit

kit.ERRORS += (SQLAlchemyError,)


class Base(DeclarativeBase):
    pass


class State(Base):
    __tablename__ = "states"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))


class City(Base):
    __tablename__ = "cities"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id"))


class RoutingSession(Session):
    """Reads from the replica, writes to the primary, own writes seen."""

    def __init__(self, primary, replica):
        super().__init__()
        self.primary, self.replica = primary, replica
        self.wrote, self.gtid = False, None

    def get_bind(self, mapper=None, clause=None, **kw):
        if isinstance(clause, Select) and not self._flushing:
            if self.gtid:
                self.wait_for_replica()
            return self.replica
        self.wrote = True
        return self.primary

    def commit(self):
        super().commit()
        if self.wrote:
            self.note_primary_position()

    def note_primary_position(self):
        """The next read waits until the replica is where the primary is."""
        with helper(self.primary) as conn:
            self.gtid = conn.scalar(text("SELECT @@gtid_binlog_pos"))
        self.wrote = False

    def wait_for_replica(self):
        with helper(self.replica) as conn:
            done = conn.scalar(text("SELECT MASTER_GTID_WAIT(:gtid, 5)"),
                               {"gtid": self.gtid})
        if done != 0:
            raise kit.PartError("the replica is more than 5 s behind")
        self.gtid = None


def helper(engine):
    """A connection of the router's own, left out of the record below."""
    return engine.connect().execution_options(router=True)


def record(engine, name, sent):
    """Note the server and first word of each statement the engine runs."""
    @event.listens_for(engine, "before_cursor_execute")
    def note(conn, cursor, statement, parameters, context, many):
        if not conn.get_execution_options().get("router"):
            sent.append("{} {}".format(name, statement.split()[0]))


def task_steps(session):
    """What the task's steps 7 to 14 do, in today's idiom."""
    yield "7, every state"
    for state in session.scalars(select(State).order_by(State.id)):
        print("{}: {}".format(state.id, state.name))
    yield "8, the first state"
    state = session.scalars(select(State).order_by(State.id)).first()
    print("{}: {}".format(state.id, state.name))
    yield "9, the states with an a"
    for state in session.scalars(select(State).where(
            State.name.like("%a%")).order_by(State.id)):
        print("{}: {}".format(state.id, state.name))
    yield "10, Texas's id"
    print(session.scalars(select(State).where(State.name == "Texas"))
          .one().id)
    yield "11, insert Louisiana"
    louisiana = State(name="Louisiana")
    session.add(louisiana)
    session.commit()
    print(louisiana.id)
    yield "12, state 2 renamed New Mexico"
    session.get(State, 2).name = "New Mexico"
    session.commit()
    # Here the cities keep their states: only those without one can go.
    yield "13, delete the states with an a and no city"
    session.execute(delete(State).where(
        State.name.like("%a%"),
        ~select(City.id).where(City.state_id == State.id).exists()),
        execution_options={"synchronize_session": False})
    session.commit()
    yield "14, the cities by state"
    for state, city in session.execute(select(State, City).join(
            City, City.state_id == State.id).order_by(City.id)):
        print("{}: ({}) {}".format(state.name, city.id, city.name))


def main(user, password, database):
    kit.load(user, password, database)
    primary = create_engine(kit.url("primary", user, password, database))
    replica = create_engine(kit.url("replica", user, password, database))
    sent = []
    record(primary, "primary", sent)
    record(replica, "replica", sent)
    with RoutingSession(primary, replica) as session:
        session.note_primary_position()
        for title in task_steps(session):
            if sent:
                print("  sent: " + ", ".join(sent))
            del sent[:]
            print("step " + title + ":")
        print("  sent: " + ", ".join(sent))


if __name__ == "__main__":
    kit.run(main)
