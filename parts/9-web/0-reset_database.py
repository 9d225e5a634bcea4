#!/usr/bin/env python3
"""Step 0: the part's own database, made again from the models.

db.drop_all() and db.create_all() (Flask-SQLAlchemy's) make the tables
from the models; the task's five states and fifteen cities go in through
the session, in one transaction.  Run it again to start over.

Usage: ./parts/9-web/0-reset_database.py mysql_username mysql_password
       database_name
"""
import re
import sys

from sqlalchemy import create_engine
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from webapp import create_app
from webapp.config import from_login
from webapp.hint import explain
from webapp.models import City
from webapp.models import State
from webapp.models import db

USAGE = ("Usage: ./parts/9-web/0-reset_database.py mysql_username"
         " mysql_password database_name")
TASK_DATABASE = re.compile(r"hbtn_0e_[0-9]+_usa\Z")
ROWS = (
    ("California", ("San Francisco", "San Jose", "Los Angeles", "Fremont",
                    "Livermore")),
    ("Arizona", ("Page", "Phoenix")),
    ("Texas", ("Dallas", "Houston", "Austin")),
    ("New York", ("New York",)),
    ("Nevada", ("Las Vegas", "Reno", "Henderson", "Carson City")),
)


def create_database(user, password, database):
    """Create ``database`` on the server unless it exists already."""
    engine = create_engine(from_login(user, password, None))
    name = engine.dialect.identifier_preparer.quote_identifier(database)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE DATABASE IF NOT EXISTS {} CHARACTER SET utf8mb4"
            " COLLATE utf8mb4_unicode_ci".format(name))
    engine.dispose()


def main(user, password, database):
    """Make the tables again, add the rows, and say what is there."""
    create_database(user, password, database)
    with create_app(from_login(user, password, database)).app_context():
        db.drop_all()
        db.create_all()
        db.session.add_all(
            State(name=name, cities=[City(name=city) for city in cities])
            for name, cities in ROWS)
        db.session.commit()
        states = db.session.scalar(select(func.count(State.id)))
        cities = db.session.scalar(select(func.count(City.id)))
    print("{}: {} states, {} cities".format(database, states, cities))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(USAGE)
    if TASK_DATABASE.match(sys.argv[3]):
        sys.exit("Error: {} is one of the task's databases, and this step"
                 " drops its tables (hint: give the part a database of its"
                 " own, such as hbtn_9_web)".format(sys.argv[3]))
    try:
        main(*sys.argv[1:])
    except (SQLAlchemyError, UnicodeError, ValueError) as error:
        sys.exit(explain(error))
