#!/usr/bin/env python3
"""Step 10: a Boolean column: a real type, or a small integer.

Column("visited", Boolean) is BOOLEAN on PostgreSQL, a type of its own:
it stores true and refuses the number 2.  On MariaDB, BOOL is a synonym
of TINYINT(1), and SQLite's BOOLEAN is stored as an integer: both store
True as 1 and keep a 2 that SQL puts there, which SQLAlchemy's Boolean
then reads back as True.  The step makes a table, writes, reads, and
drops it.

Usage: ./10-booleans.py URL
"""
from sqlalchemy import Boolean
from sqlalchemy import Column
from sqlalchemy import insert
from sqlalchemy import Integer
from sqlalchemy import MetaData
from sqlalchemy import select
from sqlalchemy import Table
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

import kit

FLAGS = Table("hbtn_6_flags", MetaData(),
              Column("id", Integer, primary_key=True),
              Column("visited", Boolean, nullable=False))


def main(url):
    """Store True, then the number 2 through SQL; read both back."""
    engine = kit.engine(url)
    FLAGS.drop(engine, checkfirst=True)
    kit.echo(engine, "CREATE")
    FLAGS.create(engine)
    with engine.begin() as conn:
        conn.execute(insert(FLAGS).values(id=1, visited=True))
        stored = conn.scalar(text("SELECT visited FROM hbtn_6_flags"))
    print("True is stored as {!r}".format(stored))
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO hbtn_6_flags (id, visited)"
                              " VALUES (2, 2)"))
            back = conn.scalar(select(FLAGS.c.visited)
                               .where(FLAGS.c.id == 2))
        print("2 put there by SQL: kept, read as {!r}".format(back))
    except DBAPIError as error:
        print("2 put there by SQL: refused, {}".format(
            type(error.orig).__name__))
    FLAGS.drop(engine)


if __name__ == "__main__":
    kit.run(main)
