#!/usr/bin/env python3
"""Step 9: Identity(): an id the database always gives, or only by default.

Column("id", Integer, Identity(always=True), primary_key=True) asks for
the SQL standard's identity column.  PostgreSQL writes it (GENERATED
ALWAYS AS IDENTITY) and refuses an id given by hand, where its SERIAL
(step 2) is only a default that any INSERT may override, and so put out
of step with its sequence.  MariaDB and SQLite have no identity column:
SQLAlchemy writes their own AUTO_INCREMENT and rowid, which take an id
given by hand.  The step makes a table, inserts twice, and drops it.

Usage: ./9-identity.py URL
"""
from sqlalchemy import Column
from sqlalchemy import Identity
from sqlalchemy import insert
from sqlalchemy import Integer
from sqlalchemy import MetaData
from sqlalchemy import String
from sqlalchemy import Table
from sqlalchemy.exc import DBAPIError

import kit

TAGS = Table("hbtn_6_tags", MetaData(),
             Column("id", Integer, Identity(always=True), primary_key=True),
             Column("name", String(32), nullable=False))


def main(url):
    """Create the table; insert with no id, then with one given by hand."""
    engine = kit.engine(url)
    TAGS.drop(engine, checkfirst=True)
    kit.echo(engine, "CREATE")
    TAGS.create(engine)
    with engine.begin() as conn:
        made = conn.execute(insert(TAGS).values(name="first"))
        print("no id given: the database gave {}".format(
            made.inserted_primary_key[0]))
    try:
        with engine.begin() as conn:
            conn.execute(insert(TAGS).values(id=10, name="by hand"))
        print("id 10 given by hand: kept")
    except DBAPIError as error:
        print("id 10 given by hand: refused, {}".format(
            type(error.orig).__name__))
    TAGS.drop(engine)


if __name__ == "__main__":
    kit.run(main)
