"""Where the real servers are: the same variables the other parts read.

PyMySQL and the proxy always use TCP, so MariaDB is MYSQL_HOST and
MYSQL_TCP_PORT (default 127.0.0.1:3306); PostgreSQL is PGHOST and PGPORT
(default localhost:5432; a PGHOST that starts with / is the folder of
the server's unix socket).
"""
import os


def mysql():
    """The MariaDB server's (host, port), for the proxy's upstream."""
    host = os.environ.get("MYSQL_HOST", "127.0.0.1")
    if host == "localhost":
        # A MySQL client takes "localhost" for the unix socket; over TCP,
        # where the proxy is, it is the loopback address.
        host = "127.0.0.1"
    return host, int(os.environ.get("MYSQL_TCP_PORT", "3306"))


def postgres():
    """The PostgreSQL server: (host, port), or its unix socket's path."""
    host = os.environ.get("PGHOST", "localhost")
    port = int(os.environ.get("PGPORT", "5432"))
    if host.startswith("/"):
        return "{}/.s.PGSQL.{}".format(host, port)
    return host, port
