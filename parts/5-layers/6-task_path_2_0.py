#!/usr/bin/env python3
"""The task's steps 7, 8, 10, 14 and 101 in 2.0 style, same output.

Each function below is one task step, with its 1.4 form in its
docstring: session.query(X) becomes select(X), run by session.scalars()
(objects) or session.execute() (rows of several).  The server gets the
same statements, but for the labels 1.4's Query gives each column
(states.id AS states_id).  The task keeps
session.query: graders run SQLAlchemy 1.4.22, and session.scalars()
arrived in 1.4.24.  Step 10 looks for Texas, as the task's path does.

Usage: ./6-task_path_2_0.py mysql_username mysql_password database_name
       task_step
"""
from sqlalchemy import cast
from sqlalchemy import LargeBinary
from sqlalchemy import select
from sqlalchemy.orm import contains_eager
from sqlalchemy.orm import Session

import kit
from models import City
from models import State


def step_7(session):
    """Print every state; 1.4: session.query(State).order_by(State.id)."""
    for state in session.scalars(select(State).order_by(State.id)):
        print("{}: {}".format(state.id, state.name))


def step_8(session):
    """Print the first state; 1.4: query(State).order_by(...).first().

    Query.first() added LIMIT 1; Result.first() does not, it only stops
    reading: the 2.0 form says limit(1) itself.
    """
    state = session.scalars(select(State).order_by(State.id)
                            .limit(1)).first()
    if state is None:
        print("Nothing")
    else:
        print("{}: {}".format(state.id, state.name))


def step_10(session):
    """Print one state's id by exact name; 1.4: query(State).filter()."""
    name_bytes = cast(State.name, LargeBinary)
    state = session.scalars(select(State)
                            .where(name_bytes == "Texas".encode("utf-8"))
                            .order_by(State.id).limit(1)).first()
    print("Not found" if state is None else state.id)


def step_14(session):
    """Print cities with states; 1.4: query(State, City).join(City)."""
    rows = session.execute(select(State, City)
                           .join(City, City.state_id == State.id)
                           .order_by(City.id)
                           .execution_options(yield_per=1000))
    for state, city in rows:
        print("{}: ({}) {}".format(state.name, city.id, city.name))


def step_101(session):
    """Print states with cities; 1.4: query(State).outerjoin(...).

    The 1.4 form: query(State).outerjoin(State.cities)
    .options(contains_eager(State.cities)).order_by(State.id, City.id).
    A joined collection repeats each state on several rows; 2.0 asks for
    unique() to say so, where 1.4's Query did it silently.
    """
    query = (select(State).outerjoin(State.cities)
             .options(contains_eager(State.cities))
             .order_by(State.id, City.id))
    for state in session.scalars(query).unique():
        print("{}: {}".format(state.id, state.name))
        for city in state.cities:
            print("\t{}: {}".format(city.id, city.name))


STEPS = {"7": step_7, "8": step_8, "10": step_10, "14": step_14,
         "101": step_101}


def main(user, password, database, task_step):
    """Run the 2.0 form of one task step: 7, 8, 10, 14 or 101."""
    if task_step not in STEPS:
        raise SystemExit("Error: task_step is one of 7, 8, 10, 14, 101")
    with Session(kit.engine(user, password, database)) as session:
        STEPS[task_step](session)


if __name__ == "__main__":
    kit.run(main, "mysql_username mysql_password database_name"
                  " task_step")
