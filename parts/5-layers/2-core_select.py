#!/usr/bin/env python3
"""Layer 2, Core: the same statement built from Python objects.

A Table describes the columns; select(), where() and order_by() build
the statement as a tree, and the dialect compiles it to MySQL's SQL with
%s for the value.  No SQL string in the code, the same text on the wire.

Usage: ./2-core_select.py mysql_username mysql_password database_name
       name_pattern
"""
from sqlalchemy import Column
from sqlalchemy import Integer
from sqlalchemy import MetaData
from sqlalchemy import select
from sqlalchemy import String
from sqlalchemy import Table

import kit

STATES = Table("states", MetaData(),
               Column("id", Integer, primary_key=True),
               Column("name", String(256), nullable=False))


def main(user, password, database, pattern):
    """Print "id: name" for each state whose name is LIKE the pattern."""
    engine = kit.engine(user, password, database)
    kit.echo(engine)
    with engine.connect() as conn:
        query = (select(STATES.c.id, STATES.c.name)
                 .where(STATES.c.name.like(pattern)).order_by(STATES.c.id))
        for row in conn.execute(query):
            print("{}: {}".format(*row))


if __name__ == "__main__":
    kit.run(main, "mysql_username mysql_password database_name"
                  " name_pattern")
