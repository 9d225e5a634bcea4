"""Where the application finds its database: always outside the code.

A URL the user gave in the environment (DATABASE_URL), or one built from
a login given on the command line.  URL.create quotes the password, so
'@', ':' or '/' in it are safe, and no password is ever pasted into a
string here.
"""
import os

from sqlalchemy.engine import URL

import hints


def from_login(user, password, database):
    """Return the URL of ``database`` on the MariaDB server, as ``user``.

    The server is on localhost, port 3306, as in the task's steps;
    MYSQL_HOST and MYSQL_TCP_PORT point it elsewhere (read and checked
    by hints.host() and hints.port(), which raise a ValueError).
    """
    return URL.create(
        "mysql+mysqldb", username=user, password=password,
        host=hints.host(), port=hints.port(),
        database=database, query={"charset": "utf8mb4"})


def from_environment():
    """Return the URL in DATABASE_URL, or raise KeyError if it is unset."""
    try:
        return os.environ["DATABASE_URL"]
    except KeyError:
        raise KeyError("DATABASE_URL is not set: give the application a"
                       " database URL") from None
