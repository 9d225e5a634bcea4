#!/usr/bin/env python3
"""Layer 1, the Engine: the same statement as text(), with a bound value.

The engine holds the dialect (how to talk to MySQL through MySQLdb) and
a pool of DB-API connections; engine.connect() lends one.  text() takes
the SQL as written, with :pattern as a named parameter: the dialect turns
it into the driver's %s, so the value still travels apart from the SQL.

Usage: ./1-engine_text.py mysql_username mysql_password database_name
       name_pattern
"""
from sqlalchemy import text

import kit

QUERY = text("SELECT states.id, states.name \nFROM states \n"
             "WHERE states.name LIKE :pattern ORDER BY states.id")


def main(user, password, database, pattern):
    """Print "id: name" for each state whose name is LIKE the pattern."""
    engine = kit.engine(user, password, database)
    kit.echo(engine)
    with engine.connect() as conn:
        for row in conn.execute(QUERY, {"pattern": pattern}):
            print("{}: {}".format(*row))


if __name__ == "__main__":
    kit.run(main, "mysql_username mysql_password database_name"
                  " name_pattern")
