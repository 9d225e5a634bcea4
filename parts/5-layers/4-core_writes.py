#!/usr/bin/env python3
"""Core writes: insert, a many-row insert, update and delete, in one begin.

The step works in a database of its own (for example hbtn_5_layers),
which it drops and re-creates first, so it can run again and again.
insert().values() writes one row; insert() with a list of dictionaries
is one executemany, which MySQLdb sends as one INSERT of many rows.
update() and delete() change only the rows their where() picks.
engine.begin() commits all of it at the end, or nothing on an error.

Usage: ./4-core_writes.py mysql_username mysql_password database_name
"""
from sqlalchemy import Column
from sqlalchemy import delete
from sqlalchemy import insert
from sqlalchemy import Integer
from sqlalchemy import MetaData
from sqlalchemy import select
from sqlalchemy import String
from sqlalchemy import Table
from sqlalchemy import update

import kit

METADATA = MetaData()
STATES = Table("states", METADATA,
               Column("id", Integer, primary_key=True),
               Column("name", String(256), nullable=False))
MORE = ("Arizona", "Texas", "New York", "Nevada")


def reset(user, password, database):
    """Drop and re-create the step's database, with an empty states table."""
    server = kit.engine(user, password, None)
    name = server.dialect.identifier_preparer.quote(database)
    with server.begin() as conn:
        conn.exec_driver_sql("DROP DATABASE IF EXISTS " + name)
        conn.exec_driver_sql("CREATE DATABASE " + name + " CHARACTER SET"
                             " utf8mb4 COLLATE utf8mb4_unicode_ci")
    server.dispose()
    engine = kit.engine(user, password, database)
    METADATA.create_all(engine)
    return engine


def main(user, password, database):
    """Write the states, change two, then print the rows that are left."""
    engine = reset(user, password, database)
    kit.echo(engine)
    with engine.begin() as conn:
        one = conn.execute(insert(STATES).values(name="California"))
        many = conn.execute(insert(STATES), [{"name": n} for n in MORE])
        changed = conn.execute(update(STATES).where(STATES.c.id == 2)
                               .values(name="New Mexico"))
        gone = conn.execute(delete(STATES).where(STATES.c.name.like("%a")))
    print("inserted {}, then {} in one statement".format(
        one.rowcount, many.rowcount))
    print("updated {}, deleted {}".format(changed.rowcount, gone.rowcount))
    with engine.connect() as conn:
        for row in conn.execute(select(STATES).order_by(STATES.c.id)):
            print("{}: {}".format(*row))


if __name__ == "__main__":
    kit.run(main, "mysql_username mysql_password database_name")
