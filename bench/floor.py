#!/usr/bin/python3
"""The floor of an ORM step: import sqlalchemy.orm, then one query.

What no ORM step can go below: start Python, import the ORM, connect with
MySQLdb, send the one SELECT the step sends, print the rows.

The benchmark hands it the server's host and port, which it read, like
everything else, through hints.host() and hints.port().

Usage: bench/floor.py host port mysql_username mysql_password
       database_name sql
"""
import sys

import MySQLdb
import sqlalchemy.orm  # noqa: F401  (the import is what is measured)

if __name__ == "__main__":
    host, port, user, password, database, sql = sys.argv[1:]
    db = MySQLdb.connect(host=host, port=int(port), user=user,
                         password=password, database=database,
                         charset="utf8mb4")
    cursor = db.cursor()
    cursor.execute(sql)
    for row in cursor:
        print(row)
    db.close()
