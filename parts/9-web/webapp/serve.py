"""The server behind bin/web: the application served by waitress.

Flask's own server is for development only; waitress is a WSGI server in
pure Python that answers requests from a pool of threads, each request in
its own session.  It listens on 127.0.0.1 only, and Ctrl-C (SIGINT) or
SIGTERM stops it cleanly: the requests in progress finish first.

Usage: bin/web mysql_username mysql_password database_name [--port P]
"""
import logging
import signal

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from waitress import create_server

from webapp import create_app
from webapp.config import from_login
from webapp.hint import explain
from webapp.models import City
from webapp.models import db

USAGE = ("Usage: bin/web mysql_username mysql_password database_name"
         " [--port P]")
HOST = "127.0.0.1"
PORT = 5000
THREADS = 8


def parse(argv):
    """Return (user, password, database, port) from the arguments.

    Raises ValueError with the line to show when they are not right.
    """
    if len(argv) == 5 and argv[3] == "--port":
        argv, port = argv[:3], argv[4]
        if not (port.isdigit() and 0 < int(port) < 65536):
            raise ValueError("Error: the port must be a number from 1 to"
                             " 65535, such as --port 5000")
        return (*argv, int(port))
    if len(argv) != 3:
        raise ValueError(USAGE)
    return (*argv, PORT)


def check(app):
    """Log in and read both tables once, so a wrong login fails now."""
    with app.app_context():
        db.session.scalar(select(func.count()).select_from(City)
                          .join(City.state))


def stop(signum, frame):
    """Stop the server: waitress's loop ends on KeyboardInterrupt."""
    # A second Ctrl-C while the last requests finish changes nothing.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt


def main(argv):
    """Serve until stopped; return 0, or the line that says what failed."""
    try:
        user, password, database, port = parse(argv)
    except ValueError as error:
        return str(error)
    try:
        url = from_login(user, password, database)
    except ValueError as error:
        return explain(error)
    app = create_app(url)
    try:
        check(app)
    except (SQLAlchemyError, UnicodeError) as error:
        return explain(error)
    try:
        server = create_server(app, host=HOST, port=port, threads=THREADS)
    except OSError as error:
        return ("Error: cannot listen on {}:{}: {} (hint: another server"
                " has it: stop that one, or choose another port with"
                " --port)".format(HOST, port, error.strerror))
    # Waiting requests are normal under load, not something to report.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    # Set here, not inherited: a shell ignores SIGINT in jobs started
    # with &, and then Python would never see it.
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    print("Serving {} on http://{}:{}/ (Ctrl-C stops it)"
          .format(database, HOST, port), flush=True)
    server.run()
    server.close()
    print("Stopped.", flush=True)
    return 0
