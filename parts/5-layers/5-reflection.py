#!/usr/bin/env python3
"""Reflection: Core reads the tables' description from the server.

Table("cities", metadata, autoload_with=engine) asks the server for the
columns, the keys and the foreign keys, so no Column is written by hand;
the foreign key to states brings that table in too.  The reflected
tables then work in select() like the ones declared in steps 2 and 4.

Usage: ./5-reflection.py mysql_username mysql_password database_name
"""
from sqlalchemy import func
from sqlalchemy import MetaData
from sqlalchemy import select
from sqlalchemy import Table

import kit


def describe(column):
    """Return one line about a column: name, type, key, null, reference."""
    words = ["  {} {}".format(column.name, column.type)]
    if column.primary_key:
        words.append("primary key")
    elif not column.nullable:
        words.append("not null")
    words.extend("-> " + key.target_fullname for key in column.foreign_keys)
    return " ".join(words)


def main(user, password, database):
    """Print each reflected table's columns and how many rows it holds."""
    engine = kit.engine(user, password, database)
    metadata = MetaData()
    Table("cities", metadata, autoload_with=engine)
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            count = conn.execute(select(func.count()).select_from(table))
            print("{}: {} rows".format(table.name, count.scalar_one()))
            for column in table.columns:
                print(describe(column))


if __name__ == "__main__":
    kit.run(main, "mysql_username mysql_password database_name")
