#!/usr/bin/env python3
"""Step 10: the application logs in with the rights it needs, no more.

The admin account (DATABASE_URL, the one migrations run as) owns the
tables; the application gets an account of its own that may only
SELECT, INSERT, UPDATE and DELETE rows of this database's tables.  A
flaw in the application (an injection, a stolen password) then reaches
rows, never the schema: DROP, ALTER and CREATE are refused, and so is
every other database of the server.  Run it again after a migration
that adds a table.  SQLite has no accounts: this is a
step for the servers, PostgreSQL and MariaDB.

Usage: ./parts/9-web/10-least_privilege.py APP_URL
       (APP_URL names the application's account, its password, and the
       same database as DATABASE_URL)
"""
import sys

from sqlalchemy import String
from sqlalchemy import create_engine
from sqlalchemy import inspect
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

import kit

RIGHTS = "SELECT, INSERT, UPDATE, DELETE"
GRANT = {
    "postgresql": [
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        "GRANT USAGE ON SCHEMA public TO {user}",
        # A new row's id comes from a sequence: nextval() needs USAGE.
        "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {user}"],
    "mysql": [],
}
ACCOUNT = {
    "postgresql": ("SELECT count(*) FROM pg_roles WHERE rolname = :name",
                   "CREATE ROLE {user} LOGIN PASSWORD {password}",
                   "ALTER ROLE {user} LOGIN PASSWORD {password}"),
    "mysql": ("SELECT count(*) FROM mysql.user WHERE user = :name"
              " AND host = 'localhost'",
              "CREATE USER {user} IDENTIFIED BY {password}",
              "ALTER USER {user} IDENTIFIED BY {password}"),
}


def grant(admin_url, app_url):
    """As the admin, make the app's account and give it its rights."""
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    kind = engine.dialect.name
    quote = engine.dialect.identifier_preparer.quote
    literal = String().literal_processor(dialect=engine.dialect)
    words = {"database": quote(app_url.database),
             "password": literal(app_url.password or ""),
             "user": quote(app_url.username) if kind == "postgresql"
             else "{}@'localhost'".format(literal(app_url.username))}
    look, create, alter = ACCOUNT[kind]
    with engine.connect() as conn:
        # The application's tables, not Alembic's: which revision the
        # schema is at is the migrations' business.
        tables = [name for name in inspect(conn).get_table_names()
                  if name != "alembic_version"]
        found = conn.scalar(text(look), {"name": app_url.username})
        conn.execute(text((alter if found else create).format(**words)))
        for statement in GRANT[kind]:
            conn.execute(text(statement.format(**words)))
        for table in tables:
            conn.execute(text("GRANT {} ON {}{} TO {}".format(
                RIGHTS, words["database"] + "." if kind == "mysql" else "",
                quote(table), words["user"])))
    engine.dispose()


def main(app_url):
    """Grant, then show what the app's account can and cannot do."""
    app_url = make_url(app_url)
    admin_url = make_url(kit.database_url())
    if admin_url.get_backend_name() == "sqlite":
        sys.exit("Error: SQLite has no accounts (hint: set DATABASE_URL to"
                 " the admin's URL on PostgreSQL or MariaDB)")
    if (app_url.get_backend_name(), app_url.database) != (
            admin_url.get_backend_name(), admin_url.database):
        sys.exit("Error: APP_URL must name DATABASE_URL's database, on the"
                 " same kind of server")
    grant(admin_url, app_url)
    name = app_url.username
    print("{} may {} rows of the tables of {}, nothing more".format(
        name, RIGHTS, app_url.database))
    app = create_engine(app_url)
    with app.connect() as conn:
        print("{} reads {} states".format(name, conn.scalar(text(
            "SELECT count(*) FROM states"))))
        try:
            conn.execute(text("DROP TABLE cities"))
        except SQLAlchemyError as error:
            # The server's own words (MySQLdb's are (code, message)).
            refusal = " ".join(str(error.orig.args[-1]).split())
            print("{} may not drop a table: {}".format(name, refusal))
    app.dispose()


if __name__ == "__main__":
    kit.run(main, "APP_URL")
