"""Turn a database error into one plain line, with a hint where one helps.

Every step ends with ``sys.exit(hints.explain(error))`` when the server or
the driver refuses something, so a student sees what went wrong and what
usually fixes it instead of a traceback.  The server's messages never hold
the password, and nothing here adds it.
"""

HINTS = {
    1044: "the user has no rights on this database: GRANT them, as an"
          " administrator",
    1045: "check the password; note that 'user'@'localhost' and"
          " 'user'@'127.0.0.1' are two different accounts",
    1049: "load the task database first:"
          " mysql -u USER -p < sql/DATABASE.sql",
    1146: "load the task database from sql/ (for steps 7 to 13, run"
          " 6-model_state.py first: it creates the table)",
    1451: "a city still belongs to that state, so nothing was deleted;"
          " delete its cities first",
    1524: "the user's authentication plugin is not loaded on this server:"
          " create the user with the server's default plugin",
    1698: "on Debian and Ubuntu, root logs in through the unix socket, not"
          " with a password: run 'sudo mysql' and create a user with a"
          " password (see the README)",
    2002: "the server is not running, or listens elsewhere: start it"
          " (sudo service mariadb start), check it with 'mysqladmin ping';"
          " for a server in Docker, set MYSQL_HOST=127.0.0.1",
    2003: "nothing answers on that host and port: start the server, or"
          " check MYSQL_HOST and MYSQL_TCP_PORT",
    2005: "that host name is unknown: check MYSQL_HOST",
    2013: "the server closed the connection; if it is still starting"
          " (Docker), wait until 'mysqladmin ping' answers and try again",
    2059: "client library and server disagree on the authentication plugin:"
          " create the user with the server's default plugin",
}


def explain(error):
    """Return one line that says what went wrong and how to get past it.

    ``error`` is a driver error, whose args are (code, message), or a
    SQLAlchemy error wrapping one in its ``orig`` attribute.
    """
    error = getattr(error, "orig", None) or error
    args = getattr(error, "args", ())
    if len(args) == 2 and isinstance(args[0], int):
        code, message = args
        line = "Error {}: {}".format(code, message)
        if code in HINTS:
            line += " (hint: {})".format(HINTS[code])
    else:
        line = "Error: {}".format(error)
    return " ".join(line.split())
