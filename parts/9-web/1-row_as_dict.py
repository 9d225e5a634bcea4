#!/usr/bin/env python3
"""Step 1: a model's row as a dictionary: what the API will send as JSON.

A State is an object, not JSON; as_dict() and with_cities() turn it into
plain dictionaries and lists, which jsonify() in the API's views writes
as JSON.  The cities come in the same query as the state (a JOIN).

Usage: ./parts/9-web/1-row_as_dict.py mysql_username mysql_password
       database_name state_id
"""
import sys

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload

from webapp import create_app
from webapp.config import from_login
from webapp.hint import explain
from webapp.models import State
from webapp.models import db

USAGE = ("Usage: ./parts/9-web/1-row_as_dict.py mysql_username"
         " mysql_password database_name state_id")


def main(user, password, database, state_id):
    """Print the state with id ``state_id`` as a dictionary."""
    url = from_login(user, password, database)
    with create_app(url).app_context():
        state = db.session.get(State, state_id,
                               options=[joinedload(State.cities)])
        print(state.with_cities() if state else "Not found")


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(USAGE)
    if not sys.argv[4].isdigit():
        sys.exit("Error: the state id must be a whole number, such as 2")
    try:
        main(*sys.argv[1:4], int(sys.argv[4]))
    except (SQLAlchemyError, UnicodeError, ValueError) as error:
        sys.exit(explain(error))
