#!/usr/bin/python3
"""Turn a database error into one plain line, with a hint where one helps.

Every step ends with ``sys.exit(hints.explain(error))`` when the server or
the driver refuses something, so a student sees what went wrong and what
usually fixes it instead of a traceback.  The server's messages never hold
the password, and nothing here adds it: for an argument that is not valid
text, the line names the problem but never repeats the argument.

host() and port() read where the server is from MYSQL_HOST and
MYSQL_TCP_PORT (the mysql client's own variables; localhost and 3306 when
unset), and refuse a value that cannot be one, with a ValueError whose
message explain() turns into the same kind of line.
"""
import ipaddress
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
# Where the project's own MariaDB keeps its data and pid (bin/tour makes it).
PROJECT_SERVER = os.path.join(HERE, ".local", "mariadb")
# The project's own certificate authority, which signed its servers' TLS
# certificate (setup makes both: bin/tls.sh).
PROJECT_CA = os.path.join(HERE, ".local", "tls", "ca.pem")
DEFAULT_SOCKET = "/run/mysqld/mysqld.sock"

HINTS = {
    1044: "the user has no rights on this database: an administrator"
          " must GRANT them (or use the database name you were given)",
    1045: "the password is wrong, or no such user exists for this host:"
          " check both; 'user'@'localhost' and 'user'@'127.0.0.1' are"
          " two different accounts",
    1049: "the database does not exist yet: check its name, or load its"
          " file from sql/ first (mysql -u USER -p < sql/DATABASE.sql)",
    1064: "the server could not read the SQL; in step 2 that usually means"
          " the state name closed the quoted string and changed the query"
          " (SQL injection), which step 3 prevents with a parameter",
    1142: "the user may not do this on that table: an administrator must"
          " GRANT the rights",
    1146: "the table does not exist yet: load the task database from sql/"
          " (for steps 7 to 13, run 6-model_state.py first: it creates the"
          " table)",
    1366: "the column cannot store this text: the database and its tables"
          " need the utf8mb4 character set",
    1451: "rows of another table still point to this row through a foreign"
          " key (a city to its state, for example), so the server refused"
          " and nothing was deleted: delete or move those rows first",
    1524: "the user's authentication plugin is not loaded on this server:"
          " create the user with the server's default plugin",
    1698: "the server did not even check a password: this account logs in"
          " through the unix socket (on Debian and Ubuntu, root does), or"
          " no such user exists; run 'sudo mysql' and create a user with a"
          " password (see the README)",
    1819: "the server's password policy refuses this password: choose a"
          " longer one with digits, upper case and a symbol",
    2002: "nothing answers where the client looks for the server: start it"
          " (sudo service mariadb start) and check it with 'mysqladmin"
          " ping'; MYSQL_HOST and MYSQL_TCP_PORT pick another server"
          " (MYSQL_HOST=127.0.0.1 for one in Docker)",
    2003: "nothing answers on that host and port: start the server, or"
          " check MYSQL_HOST and MYSQL_TCP_PORT",
    2005: "that host name is unknown: check MYSQL_HOST",
    2013: "the server closed the connection; if it is still starting"
          " (Docker), wait until 'mysqladmin ping' answers and try again",
    2059: "client library and server disagree on the authentication plugin:"
          " create the user with the server's default plugin",
}

NOT_TEXT = ("Error: an argument is not valid text in this terminal's"
            " encoding (UTF-8 expected), so it cannot be sent to the server"
            " (hint: retype it; the terminal sent bytes that are not"
            " UTF-8, so check its character encoding setting)")


def host():
    """The server's host name or address: MYSQL_HOST, or localhost."""
    value = os.environ.get("MYSQL_HOST", "").strip() or "localhost"
    if "/" in value or (":" in value and not is_ipv6(value)):
        raise ValueError("MYSQL_HOST must be a host name or an address,"
                         " not {!r}; the port goes in MYSQL_TCP_PORT"
                         .format(value))
    return value


def is_ipv6(value):
    """Whether ``value`` is an IPv6 address such as ::1."""
    try:
        return ipaddress.ip_address(value).version == 6
    except ValueError:
        return False


def port(variable="MYSQL_TCP_PORT", default=3306):
    """The server's TCP port: MYSQL_TCP_PORT, or 3306.

    The parts that use PostgreSQL read theirs here too:
    port("PGPORT", 5432).
    """
    value = os.environ.get(variable, "").strip() or str(default)
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise ValueError("{} must be a port number from 1 to 65535, not {!r}"
                         .format(variable, value))
    return int(value)


def project_server_stopped():
    """Whether the client looked where the project's own server listens
    (bin/tour made it: .local/mariadb) and that server is stopped."""
    try:
        where = host(), port()
    except ValueError:
        return False
    socket = os.environ.get("MYSQL_UNIX_PORT", "") or DEFAULT_SOCKET
    if where not in (("localhost", 3306), ("127.0.0.1", 3306)) or (
            where[0] == "localhost" and socket != DEFAULT_SOCKET):
        return False
    if not os.path.isdir(os.path.join(PROJECT_SERVER, "data")):
        return False
    try:
        with open(os.path.join(PROJECT_SERVER, "mariadbd.pid")) as f:
            os.kill(int(f.read().split()[0]), 0)
    except (OSError, ValueError, IndexError):
        return True
    return False


STOPPED = ("the project's server (.local/mariadb) is stopped: start it with"
           " bin/start, which keeps your databases; bin/tour starts it"
           " too, and reloads the task databases")


def explain(error, hints=None):
    """Return one line that says what went wrong and how to get past it.

    ``error`` is a driver error, whose args are (code, message), a
    SQLAlchemy error wrapping one in its ``orig`` attribute, a
    UnicodeError from an argument that is not valid text (its message
    would quote the argument, which may be the password, so it is
    replaced), or the ValueError of host() or port().  ``hints`` replaces
    some of HINTS: a tool's own fix for a code ({1146: "..."}).
    """
    error = getattr(error, "orig", None) or error
    if isinstance(error, UnicodeEncodeError):
        return NOT_TEXT
    if isinstance(error, UnicodeError):
        return ("Error: text from the server is not valid UTF-8"
                " (hint: the tables need the utf8mb4 character set)")
    if isinstance(error, ValueError):
        return "Error: {}".format(error)
    args = getattr(error, "args", ())
    if len(args) == 2 and isinstance(args[0], int):
        code, message = args
        line = "Error {}: {}".format(code, message)
        hint = (hints or {}).get(code, HINTS.get(code))
        if code in (2002, 2003) and project_server_stopped():
            hint = STOPPED
        if hint:
            line += " (hint: {})".format(hint)
    else:
        line = "Error: {}".format(error)
    return " ".join(same_wording(line).split())


def same_wording(line):
    """The line as every release words it.

    Connector/C 3.3 dropped "MySQL" from its messages ("Lost connection
    to server"), older client libraries still say "MySQL server"; and
    SQLAlchemy ends its messages with a link to its docs whose path names
    its version.  Neither says anything about what went wrong.
    """
    line = re.sub(r"\s*\(Background on this error at: \S+\)", "", line)
    return line.replace("MySQL server", "server")
