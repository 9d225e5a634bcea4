#!/usr/bin/env python3
"""Step 1: a unit of work that fails half-way is rolled back, all of it.

Merging Nevada into another state is several statements: move each city,
then delete the emptied state.  Into Texas, the third move breaks the
rule one name per state (Texas has a Henderson already): rollback()
undoes the two moves already made, and every row is as it was.  Into
Arizona nothing fails, and commit() keeps the whole merge.

Usage: ./parts/4-transactions/1-rollback.py mysql_username mysql_password
       database_name
"""
import sys
from contextlib import closing
from itertools import groupby
from operator import itemgetter

import MySQLdb

import kit

ERRORS = kit.ERRORS


def show(db, title):
    """Print every state with its cities, as this connection sees them."""
    with closing(db.cursor()) as cursor:
        cursor.execute("SELECT states.name, cities.name FROM states"
                       " JOIN cities ON cities.state_id = states.id"
                       " ORDER BY states.id, cities.id")
        rows = cursor.fetchall()
    print(title)
    for state, cities in groupby(rows, key=itemgetter(0)):
        print("  {}: {}".format(state, ", ".join(c for _, c in cities)))


def merge(db, source, target):
    """Move every city of ``source`` to ``target``, then delete ``source``."""
    print("merge {} into {}:".format(source, target))
    with closing(db.cursor()) as cursor:
        cursor.execute("SELECT cities.id, cities.name FROM cities"
                       " JOIN states ON states.id = cities.state_id"
                       " WHERE states.name = %s ORDER BY cities.id",
                       (source,))
        for city_id, name in cursor.fetchall():
            print("  move", name)
            cursor.execute("UPDATE cities SET state_id = (SELECT id FROM"
                           " states WHERE name = %s) WHERE id = %s",
                           (target, city_id))
        print("  delete", source)
        cursor.execute("DELETE FROM states WHERE name = %s", (source,))


def attempt(db, source, target):
    """Run the merge as one transaction: committed whole, or not at all."""
    try:
        merge(db, source, target)
        db.commit()
        print("COMMIT")
    except MySQLdb.IntegrityError as error:
        # Any other error ends the step; closing the connection then rolls
        # the transaction back just as surely.
        print("  refused: error {}".format(error.args[0]))
        db.rollback()
        print("ROLLBACK")


def main(user, password, database):
    """Merge Nevada into Texas (refused, rolled back), then into Arizona."""
    kit.reset(user, password, database)
    with closing(kit.connect(user, password, database)) as db:
        show(db, "before:")
        attempt(db, "Nevada", "Texas")
        show(db, "after the rollback:")
        attempt(db, "Nevada", "Arizona")
        show(db, "after the commit:")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(kit.USAGE.format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except ERRORS as error:
        sys.exit(kit.explain(error))
