#!/usr/bin/env python3
"""Watching the SQL: count the statements of three loading strategies.

Two event listeners, before and after each cursor execute, write every
statement with its parameters and its time to stderr and count them:
what echo=True does, but echo=True logs to stdout, into the output.
The listing of step 101 then costs, with strategy:
  lazy      one SELECT for the states, one more per state (N+1);
  selectin  one for the states, one for all their cities (IN ...);
  joined    one SELECT with a LEFT OUTER JOIN.

Usage: ./14-watch_sql.py mysql_username mysql_password database_name
       strategy
"""
import sys
import time

from sqlalchemy import event
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm import lazyload
from sqlalchemy.orm import selectinload
from sqlalchemy.orm import Session

import kit
from models import State

STRATEGIES = {"lazy": lazyload, "selectin": selectinload,
              "joined": joinedload}


def watch(engine):
    """Log each statement with its time to stderr; return the counter."""
    sent = []

    @event.listens_for(engine, "before_cursor_execute")
    def before(conn, cursor, statement, parameters, context, many):
        """Note when the statement leaves."""
        conn.info["started"] = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def after(conn, cursor, statement, parameters, context, many):
        """Count the statement and log it with its time."""
        sent.append(statement)
        took = (time.perf_counter() - conn.info.pop("started")) * 1000
        print("-- statement {}, {:.1f} ms".format(len(sent), took),
              file=sys.stderr)
        kit.show(statement, parameters)
    return sent


def main(user, password, database, strategy):
    """Print each state with its cities, then the statements it took."""
    if strategy not in STRATEGIES:
        raise SystemExit("Error: strategy is lazy, selectin or joined")
    engine = kit.engine(user, password, database)
    sent = watch(engine)
    with Session(engine) as session:
        query = (select(State).order_by(State.id)
                 .options(STRATEGIES[strategy](State.cities)))
        for state in session.scalars(query).unique():
            print("{}: {}".format(state.id, state.name))
            for city in state.cities:
                print("\t{}: {}".format(city.id, city.name))
    print("{} statement{}".format(len(sent), "s" * (len(sent) > 1)))


if __name__ == "__main__":
    kit.run(main, "mysql_username mysql_password database_name"
                  " strategy")
