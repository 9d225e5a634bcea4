#!/usr/bin/env python3
"""The dialect: one Core statement compiled for MySQL, PostgreSQL, SQLite.

Compiling needs no server and no driver installed: the dialect alone
decides the quotes around a name (`State` or "State"), how LIMIT is
written, and the driver's paramstyle (%s, %(name)s or ?).  The values
stay apart, as the parameters the driver would receive with the SQL.

Usage: ./7-dialects.py
"""
from sqlalchemy import Column
from sqlalchemy import Integer
from sqlalchemy import MetaData
from sqlalchemy import select
from sqlalchemy import String
from sqlalchemy import Table
from sqlalchemy.dialects.mysql import mysqldb
from sqlalchemy.dialects.postgresql import psycopg
from sqlalchemy.dialects.sqlite import pysqlite

import kit

STATES = Table("states", MetaData(),
               Column("id", Integer, primary_key=True),
               Column("name", String(256), nullable=False))
# The drivers the collection uses (a bare postgresql.dialect() is
# psycopg2's on SQLAlchemy 2.0, psycopg's from 2.1).
DIALECTS = (mysqldb.dialect(), psycopg.dialect(), pysqlite.dialect())


def parameters(compiled):
    """Return the values as the driver takes them: a tuple or a dict."""
    values = compiled.params
    if compiled.positiontup is None:
        return values
    return tuple(values[name] for name in compiled.positiontup)


def main():
    """Print the statement as each dialect writes it, with its values."""
    query = (select(STATES.c.id, STATES.c.name.label("State"))
             .where(STATES.c.name.like("N%")).order_by(STATES.c.id)
             .limit(2))
    for dialect in DIALECTS:
        compiled = query.compile(dialect=dialect)
        print("-- {}+{}, paramstyle {}".format(
            dialect.name, dialect.driver, dialect.paramstyle))
        print("\n".join(line.rstrip() for line in str(compiled).split("\n")))
        print(parameters(compiled))


if __name__ == "__main__":
    kit.run(main, "")
