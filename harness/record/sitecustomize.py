"""What a part's step sent, written beside its run, never into its output.

A part's test runs the page's commands in one shell as bin/tour does
(parts/6-databases, parts/10-async), with this folder on PYTHONPATH and
a file named in HBTN_RECORD; bin/tour never loads it.  Python imports
sitecustomize as it starts, so each step still runs as the page runs it
(its command line, the virtualenv's python running the file, its folder
first on sys.path, its own exit), and this module only listens:

- every statement SQLAlchemy hands a driver, with its parameters (as
  repr) and when it was sent and answered (time.monotonic(); a statement
  the database refused has no answer time);
- with HBTN_RECORD_CONNECTIONS set, the connections the server still
  has to the step's database once the step is done, before its process
  ends (an engine the step forgot to dispose of would hold its pool's):
  waited for up to 5 s, as closing ones take a moment to go.

It writes one JSON line per process to HBTN_RECORD when the process
ends, and nothing to stdout or stderr: a failure here would show on the
step's stderr ("Exception ignored in atexit callback"), which the tests
compare with the page.  Then Python's own sitecustomize (Debian's) runs.
"""
import atexit
import importlib.machinery
import importlib.util
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sent = []


def listen():
    """Record each statement as SQLAlchemy hands it to the driver."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    # The statements sent and not yet answered, by their execution
    # context (several at once under asyncio.gather()).
    pending = {}

    def before(conn, cursor, statement, params, context, many):
        values = params.values() if isinstance(params, dict) else (
            params or ())
        entry = [statement, [repr(v) for v in values], time.monotonic(),
                 None]
        sent.append(entry)
        pending[id(context)] = entry

    def after(conn, cursor, statement, params, context, many):
        pending.pop(id(context))[3] = time.monotonic()

    def refused(error):
        # A refused statement is answered by no "after".
        pending.pop(id(error.execution_context), None)

    event.listen(Engine, "before_cursor_execute", before)
    event.listen(Engine, "after_cursor_execute", after)
    event.listen(Engine, "handle_error", refused)


def connections(url):
    """How many connections the server has to the URL's database."""
    from sqlalchemy.engine import make_url
    url = make_url(url)
    if url.get_backend_name() == "mysql":
        import MySQLdb
        db = MySQLdb.connect(host=url.host or "localhost",
                             port=url.port or 3306, user=url.username,
                             password=url.password or "")
        try:
            cur = db.cursor()
            cur.execute("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                        " WHERE DB = %s", (url.database,))
            return cur.fetchone()[0]
        finally:
            db.close()
    if url.get_backend_name() == "postgresql":
        import subprocess
        return int(subprocess.run(
            ["psql", "-X", "-A", "-t", "-d", "postgres", "-c",
             "SELECT count(*) FROM pg_stat_activity WHERE datname = '{}'"
             .format(url.database.replace("'", "''"))],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            check=True, universal_newlines=True).stdout)
    return 0


def write():
    """Append this process's record to HBTN_RECORD."""
    record = {"argv": sys.argv, "sent": sent}
    if os.environ.get("HBTN_RECORD_CONNECTIONS") and sent:
        left = connections(sys.argv[1])
        for _ in range(50):
            if not left:
                break
            time.sleep(0.1)
            left = connections(sys.argv[1])
        record["connections"] = left
    with open(os.environ["HBTN_RECORD"], "a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")


def chain():
    """Run the sitecustomize this one hides (Debian has one), if any."""
    spec = importlib.machinery.PathFinder.find_spec(
        "sitecustomize", [p for p in sys.path if p and
                          os.path.abspath(p) != HERE])
    if spec is not None:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)


if os.environ.get("HBTN_RECORD"):
    try:
        listen()
    except ImportError:
        # Not a step's python (no SQLAlchemy): nothing to listen to.
        pass
    atexit.register(write)
chain()
