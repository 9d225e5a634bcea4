"""Shared fixtures: run the steps as graders do, against the real server.

Every test works in databases of its own (``hbtn_t<pid>_<n>``), created
from the files in sql/ or from SQL the test sends, and dropped afterwards,
so the task databases that bin/tour and the docs use are never touched
(only tests/test_docs.py uses those, by name).  The contract the tests
enforce is docs/steps.md, as data in lesson/.

Environment:
  MYSQL_USER, MYSQL_PWD   the login (bin/test sets them; default root/root)
  HBTN_PYTHON             run the task's scripts with this interpreter
                          and ``-W error`` instead of through their shebang
                          (the compatibility matrix, bin/matrix)
  HBTN_VENV               the virtualenv whose python runs the parts'
                          steps (default .local/venv, which setup makes)
"""
import os
import re
import subprocess
from pathlib import Path

import pytest


from harness import tour
from harness.server import (HOST, PASSWORD, PORT, ROOT, SQL,  # noqa
                            USER, Databases, connect, data_selects,
                            free_port, mysql_cli, query, selects,
                            server_log)
from harness.transcript import commands
from lesson.path import lines  # noqa: F401


# Parts 4 and later need a newer Python than some systems have (Debian 11):
# there, setup leaves them out, and so do the tests, saying so.
collect_ignore_glob = ([] if tour.left_out() is None
                       else ["tests/test_part*.py", "parts/*/test_part*.py"])


def pytest_report_header():
    """Say which parts this system leaves out, if any."""
    return tour.left_out()


# bin/test sets HBTN_VENV_FAILED when the parts' virtualenv could not be
# made (no network to the package index, say): their tests then fail, each
# with that one line, instead of with whatever a missing package raises.
VENV_FAILED = os.environ.get("HBTN_VENV_FAILED", "")


def file_of(item):
    """The path of the test's file, as text: item.path is pytest 7's
    (Debian 12), fspath Debian 11's pytest 6's."""
    return str(getattr(item, "path", None) or item.fspath)


def needs_venv(item):
    """Whether the test runs a part of 4 or later (their virtualenv): a
    part's test, one marked parts, or one given a part (its number or its
    folder)."""
    if (os.path.basename(file_of(item)).startswith("test_part")
            or item.get_closest_marker("parts")):
        return True
    part = getattr(item, "callspec", None) and item.callspec.params.get(
        "part")
    if isinstance(part, Path):
        part = int(part.name.split("-")[0])
    return isinstance(part, int) and part >= 4


# The groups that take longest, longest first (docs/tests.md, measured
# with --durations): xdist hands the groups out in collection order, one
# at a time as a worker frees up, so a long group handed out last is a
# tail only one worker works on.  Ordering only: a group missing here
# runs all the same, after these.
LONGEST_FIRST = ["tour-7", "tests/test_keep.py", "tests/test_check.py",
                 "part12", "parts/6-", "parts/10-", "parts/7-",
                 "tests/test_docs.py", "tests/test_check_attacks.py",
                 "parts/9-",
                 "tests/test_bad_input.py", "tests/test_rules.py",
                 "tests/test_bench.py", "parts/8-", "parts/5-",
                 "parts/4-"]


def group_of(item):
    """The xdist group of ``item`` (its file's, unless it names one)."""
    return item.get_closest_marker("xdist_group").args[0]


def rank(group):
    """Where ``group`` comes in LONGEST_FIRST (after them if absent)."""
    for number, part in enumerate(LONGEST_FIRST):
        if part in group:
            return number
    return len(LONGEST_FIRST)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Keep each file's tests on one worker (bin/test's --dist loadgroup):
    a test marked xdist_group("name") goes with its group instead, so a
    file's independent slow tests can run on two workers at once.  The
    longest groups go first (LONGEST_FIRST); the order within a group is
    kept."""
    if tour.left_out() is not None:
        # As collect_ignore_glob does for the parts' own test files.
        items[:] = [item for item in items if not needs_venv(item)]
    for item in items:
        if not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(file_of(item)))
    items.sort(key=lambda item: rank(group_of(item)))


def pytest_runtest_setup(item):
    """Fail a test of Parts 4 and later at once without their virtualenv."""
    if VENV_FAILED and needs_venv(item):
        pytest.fail("the parts' virtualenv could not be set up: "
                    + VENV_FAILED, pytrace=False)


# A part whose tests read what its tour left on its servers (Part 12: five
# MariaDB servers and a PostgreSQL standby, killed and restarted by its
# steps) shares an xdist group with its tour in tests/test_docs.py, so
# that both run in one process, one after the other, and never beside
# each other; there the tour runs once (toured()).
SHARED_TOURS = {12: "part12"}
_tours = {}


def toured(part):
    """bin/tour PART, timed: (CompletedProcess, seconds).

    A part of SHARED_TOURS is toured once per process: the second caller
    gets the first run's result.
    """
    if part in _tours:
        return _tours[part]
    proc = subprocess.run(["bash", "-c", "time -p bin/tour {}".format(part)],
                          cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True,
                          timeout=900)
    real = float(re.findall(r"^real (\S+)", proc.stderr, re.M)[-1])
    if part in SHARED_TOURS:
        _tours[part] = proc, real
    return proc, real


def rendering(numbers):
    """What bin/tour prints for these parts when the docs hold."""
    out = []
    for number in numbers:
        title, page, heading = tour.parts()[number]
        out.append("\n== Part {}: {} ({})\n".format(
            number, title, page.relative_to(ROOT)))
        for cmd in commands(page, heading):
            out.append("\n$ {}\n{}".format(cmd.text, cmd.output))
    out.append("\nEvery command printed exactly what the docs show.\n")
    return "".join(out)


def command(script, *args):
    """Return the argv that runs ``script`` the way this test run should."""
    python = os.environ.get("HBTN_PYTHON")
    if python:
        return [python, "-W", "error", str(ROOT / script), *args]
    return ["./" + script, *args]


def step_env(env=None):
    """The environment a step runs in: ours, ``env`` over it, UTF-8.

    Through the shebang (no HBTN_PYTHON), Debian's python3 and packages
    run the step as bin/matrix's legs do theirs: warnings are errors and
    SQLAlchemy 1.4 shows its 2.0 warnings, so stock Debian needs no leg
    of its own.
    """
    full_env = dict(os.environ, **(env or {}))
    full_env.setdefault("LANG", "C.UTF-8")
    if not os.environ.get("HBTN_PYTHON"):
        full_env.setdefault("PYTHONWARNINGS", "error")
        full_env.setdefault("SQLALCHEMY_WARN_20", "1")
    return full_env


def run(script, *args, env=None, timeout=120):
    """Run a step as its own process, in the project directory.

    ``args`` are the whole argv after the script name.  Returns the
    CompletedProcess, with stdout and stderr decoded as UTF-8 (strict, so a
    wrongly encoded byte fails the test).
    """
    proc = subprocess.run(command(script, *args), cwd=ROOT,
                          env=step_env(env),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=timeout)
    proc.stdout = proc.stdout.decode("utf-8")
    proc.stderr = proc.stderr.decode("utf-8")
    return proc


def venv():
    """The virtualenv the parts' steps run in (setup creates it)."""
    return Path(os.environ.get("HBTN_VENV", str(ROOT / ".local" / "venv")))


def run_part(script, *args, env=None, timeout=120):
    """Run a part's step as the docs do: ./parts/N-x/K-y.py, venv active.

    ``script`` is the path from the project root.  The step's shebang
    (#!/usr/bin/env python3) finds the virtualenv's python first on PATH,
    as after ``. .local/venv/bin/activate``.  Output decoded as in run().
    """
    bin_dir = str(venv() / "bin")
    full_env = dict(os.environ, VIRTUAL_ENV=str(venv()),
                    PATH=bin_dir + os.pathsep + os.environ["PATH"],
                    **(env or {}))
    full_env.setdefault("LANG", "C.UTF-8")
    proc = subprocess.run(["./" + script, *args], cwd=ROOT, env=full_env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=timeout)
    proc.stdout = proc.stdout.decode("utf-8")
    proc.stderr = proc.stderr.decode("utf-8")
    return proc


def step(script, database, *args, **kwargs):
    """Run a step with the test login: ``./script user password db args``."""
    return run(script, USER, PASSWORD, database, *args, **kwargs)


def ok(script, database, *args, **kwargs):
    """Run a step that must succeed; return its stdout."""
    proc = step(script, database, *args, **kwargs)
    assert proc.stderr == "", proc.stderr
    assert proc.returncode == 0
    return proc.stdout


def load_states(database):
    """Load sql/hbtn_0e_6_usa.states.sql into a copy of hbtn_0e_6_usa.

    That file holds the five states, loaded once step 6 made the table.
    """
    text = (SQL / "hbtn_0e_6_usa.states.sql").read_text("utf-8")
    mysql_cli(text.replace("hbtn_0e_6_usa", database))


def after_step_6(made):
    """A new copy of hbtn_0e_6_usa, after step 6 and the five states."""
    database = made.new("hbtn_0e_6_usa")
    assert ok("6-model_state.py", database) == ""
    load_states(database)
    return database


# Parts 6 and 7 run on three databases.  PostgreSQL is the project's, on
# localhost with root/root, unless the environment names another (libpq's
# variables), as the parts' pages say.
PG = {"PGHOST": os.environ.get("PGHOST", "localhost"),
      "PGUSER": os.environ.get("PGUSER", "root"),
      "PGPASSWORD": os.environ.get("PGPASSWORD", "root")}


def psql(sql, database="postgres"):
    """Run SQL with psql on the parts' PostgreSQL; return its rows.

    Each row is a tuple of its fields, as text (unaligned output with
    separators that no name holds).
    """
    proc = subprocess.run(
        ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
         "-F", "\x1f", "-R", "\x1e", "-d", database, "-c", sql],
        env=dict(os.environ, **PG), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE)
    assert proc.returncode == 0, "psql: " + proc.stderr.decode()
    text = proc.stdout.decode("utf-8").rstrip("\n")
    return [tuple(row.split("\x1f")) for row in text.split("\x1e") if row]


def url_string(drivername, **parts):
    """A URL as text, with the password quoted by URL.create."""
    from sqlalchemy.engine import URL
    return URL.create(drivername, **parts).render_as_string(
        hide_password=False)


def three_urls(name, file):
    """The URLs of a database ``name`` on each kind (SQLite: ``file``)."""
    return {
        "sqlite": "sqlite:///" + str(file),
        "mariadb": url_string(
            "mysql+mysqldb", username=USER, password=PASSWORD,
            host=HOST, port=PORT, database=name, query={"charset": "utf8mb4"}),
        "postgres": url_string("postgresql+psycopg", database=name),
    }


@pytest.fixture
def dbs():
    """A factory of throw-away databases, dropped after the test."""
    made = Databases()
    yield made
    made.drop_all()
