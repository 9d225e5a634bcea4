"""Part 6: one model on SQLite, MariaDB and PostgreSQL, exact on each.

The page, parts/6-databases/README.md, runs here as bin/tour runs it
(the ``toured`` fixture, harness/recorded.py): its other commands in one
bash session, in page order, and its step commands, in page order too,
in a session per database, the three at once; each step by its own
command line, the virtualenv's python running the file.  bin/tour does
not run it again (tests/test_docs.py, TOURED_ELSEWHERE).  Only the names
of what the page makes are the tests' own: the setup lines name
``hbtn_t<pid>_6_<n>`` (on the MariaDB the tests use and on the real
PostgreSQL: localhost:5432, root/root, or the server that PGHOST,
PGPORT, PGUSER and PGPASSWORD name) and a SQLite file in pytest's
temporary folder instead of the page's, and the psql section makes
``hbtn_t<pid>_6_<n>_psql``: the tests change no database they did not
make, even when run by hand on your servers.  The steps
make their databases; the tests drop them.  A recorder the session's
python loads (harness/record) writes what each step handed the driver to
a file of its own, never to the step's output.  The rows, that SQL, what
MariaDB received and the hostile data's answers are checked apart from
the page, the latter against answers computed in Python from the raw
rows, read with each database's own client (sqlite3, MySQLdb, psql).
"""
import ast
import itertools
import json
import os
import re
import shlex
import sqlite3
import stat
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import (PG, ROOT, data_selects, psql, three_urls,
                      url_string, free_port, mysql_cli, query,
                      run_part, server_log, venv)
from lesson.hostile import CITIES as HOSTILE_CITIES
from lesson.hostile import STATES as HOSTILE_STATES
from lesson.path import CITIES, STATES, lines
from harness.server import HOST, PORT, USER
from harness.recorded import ACTIVATE, run_page, swapper
from harness.transcript import commands

PART = ROOT / "parts" / "6-databases"
PAGE = ROOT / "parts" / "6-databases" / "README.md"
KINDS = ("sqlite", "mariadb", "postgres")
DIALECT = {"sqlite": "sqlite", "mariadb": "mysql", "postgres": "postgresql"}
COMMAND = re.compile(r'^\./parts/6-databases/(\S+\.py) "\$(\w+)"$')
SECRET = "S3cret-pw"
_numbers = itertools.count()

# A CREATE TABLE first in a transaction, then ROLLBACK, on SQLite: with
# the part's engine and with a plain one; prints whether the table stayed.
DDL_FIRST = """
import sys
import kit
from sqlalchemy import create_engine, inspect, text
for engine in kit.engine(sys.argv[1]), create_engine(sys.argv[2]):
    with engine.connect() as conn:
        conn.execute(text("CREATE TABLE hbtn_6_first (id INTEGER)"))
        conn.rollback()
    print(inspect(engine).has_table("hbtn_6_first"))
"""
# Loads rows with their ids through the part's models (kit.load).
LOAD = """
import json, sys
import kit
data = json.load(sys.stdin)
kit.load(kit.engine(sys.argv[1]), data[0], data[1])
"""

# The page's claims on a DB-API connection, with psycopg2 and psycopg:
# for each, the server's state of the connection before its first SELECT,
# after it (and whether an ALTER TABLE of the table read then waits for
# its lock), and after commit(); and whether its cursor has a commit().
DBAPI = """
import json, sys
import psycopg, psycopg2
watch = psycopg.connect(dbname=sys.argv[1], autocommit=True)


def state(pid):
    return watch.execute("SELECT state FROM pg_stat_activity"
                         " WHERE pid = %s", (pid,)).fetchone()[0]


def alter_waits():
    try:
        with watch.transaction():
            watch.execute("SET LOCAL lock_timeout = '200ms'")
            watch.execute("ALTER TABLE states ADD COLUMN hbtn_6_x TEXT")
            raise psycopg.Rollback()
    except psycopg.errors.LockNotAvailable:
        return True
    return False


found = {}
for driver in psycopg2, psycopg:
    conn = driver.connect(dbname=sys.argv[1])
    pid = conn.info.backend_pid
    cur = conn.cursor()
    seen = [state(pid)]
    cur.execute("SELECT count(*) FROM states")
    cur.fetchone()
    seen += [state(pid), alter_waits()]
    conn.commit()
    seen += [state(pid), alter_waits(), hasattr(cur, "commit")]
    found[driver.__name__] = seen
    conn.close()
print(json.dumps(found))
"""


class Three:
    """A throw-away database of each kind, and their URLs."""

    def __init__(self, folder):
        self.name = "hbtn_t{}_6_{}".format(os.getpid(), next(_numbers))
        self.file = folder / (self.name + ".db")
        self.urls = three_urls(self.name, self.file)

    def drop(self):
        """Drop the server databases (the steps made them)."""
        mysql_cli("DROP DATABASE IF EXISTS {};".format(self.name))
        psql("DROP DATABASE IF EXISTS {} WITH (FORCE)".format(self.name))

    def states(self, kind):
        """The raw states of one database, sorted: (id, name) pairs."""
        return sorted((int(i), name) for i, name in self.rows(
            kind, "SELECT id, name FROM states"))

    def cities(self, kind):
        """The raw cities of one database, sorted: (id, state_id, name)."""
        return sorted((int(i), int(s), name) for i, s, name in self.rows(
            kind, "SELECT id, state_id, name FROM cities"))

    def rows(self, kind, sql):
        """Run one SELECT with the database's own client; its rows.

        psql gives every field as text; the callers make ids numbers.
        """
        if kind == "sqlite":
            db = sqlite3.connect(str(self.file))
            try:
                return [tuple(r) for r in db.execute(sql)]
            finally:
                db.close()
        if kind == "mariadb":
            return [tuple(r) for r in query(self.name, sql)]
        return [tuple(row) for row in psql(sql, self.name)]

    def tables(self, kind):
        """The names of the tables of one database, sorted."""
        sql = {"sqlite": "SELECT name FROM sqlite_master"
                         " WHERE type = 'table'",
               "mariadb": "SHOW TABLES",
               "postgres": "SELECT tablename FROM pg_tables"
                           " WHERE schemaname = 'public'"}[kind]
        return sorted(r[0] for r in self.rows(kind, sql))


def step(script, url, **env):
    """Run a step of the part with the URL, PostgreSQL's login in env."""
    return run_part("parts/6-databases/" + script, url,
                    env=dict(PG, **env))


def ok(script, url):
    """Run a step that must succeed; return its stdout."""
    proc = step(script, url)
    assert (proc.returncode, proc.stderr) == (0, ""), (script, url)
    return proc.stdout


def page_runs():
    """The page's step commands: (script, kind, output), in page order."""
    found = []
    for cmd in commands(PAGE):
        match = COMMAND.match(cmd.text)
        if match:
            assert cmd.status == 0
            found.append((match.group(1), match.group(2), cmd.output))
    return found


def steps():
    """The part's step files, in order."""
    return sorted((p.name for p in PART.glob("[0-9]*-*.py")),
                  key=lambda n: int(n.split("-")[0]))


def listing(states, cities):
    """What step 8 (task step 101) must print, computed in Python."""
    out = []
    for state_id, name in sorted(states):
        out.append("{}: {}".format(state_id, name))
        out.extend("\t{}: {}".format(c[0], c[2]) for c in sorted(cities)
                   if c[1] == state_id)
    return lines(out)


def kind_of(text):
    """The database a step command of the page runs on."""
    return COMMAND.match(text).group(2)


def own(made):
    """How the session runs the page's commands (harness.recorded): the
    setup lines name the tests' SQLite file and servers' database, the
    psql section the tests' own database."""
    return swapper(PAGE, COMMAND.match, venv(), [
        ("sqlite:///.local/hbtn_6.db", shlex.quote(made.urls["sqlite"])),
        (".local/hbtn_6.db", shlex.quote(str(made.file))),
        ("hbtn_6_databases", made.name)],
        [("hbtn_6_psql", made.name + "_psql")])


@pytest.fixture(scope="module")
def toured(tmp_path_factory):
    """Every command of the page, as bin/tour runs it (harness.recorded).

    Returns (Three, [harness.recorded.Ran of each command]).  A step's
    stdout and stderr are kept apart (the page shows only stdout: its
    stderr must be empty).  The databases start empty: step 0 makes them
    and loads them.
    """
    folder = tmp_path_factory.mktemp("part6")
    made = Three(folder)
    try:
        yield made, run_page(PAGE, COMMAND.match, own(made), folder,
                             kind_of)
    finally:
        made.drop()
        psql("DROP DATABASE IF EXISTS {}_psql WITH (FORCE)".format(
            made.name))


def stdouts(toured):
    """{kind: the stdout of each step command on it, in page order}."""
    _, ran = toured
    return {kind: [r.out for r in ran if r.err is not None
                   and COMMAND.match(r.cmd.text).group(2) == kind]
            for kind in KINDS}


def test_the_page_shows_every_step_on_the_three():
    """Each step has a command on the page for each database, in order."""
    runs = page_runs()
    assert [(s, k) for s, k, _ in runs] == [
        (s, k) for s in steps() for k in KINDS]


def test_every_step_prints_the_page(toured):
    """Each step printed the page's bytes on each database, in page order,
    nothing on stderr, exit 0; each ran as the page runs it (its argv).

    Steps 0 and 8 printed what Python computes from the raw rows, the
    rows the task's files hold; after all the steps each database holds
    those rows and tables only (the steps undo what they write).
    """
    three, ran = toured
    steps_ran = [r for r in ran if r.err is not None]
    assert [(r.cmd.text, r.out, r.err, r.status) for r in steps_ran] == [
        (c.text, c.output, "", 0) for c in commands(PAGE)
        if COMMAND.match(c.text)]
    for r in steps_ran:
        script, kind = COMMAND.match(r.cmd.text).groups()
        assert [x["argv"] for x in r.records] == [
            ["./parts/6-databases/" + script, three.urls[kind]]]
    got = stdouts(toured)
    for kind in KINDS:
        states, cities = three.states(kind), three.cities(kind)
        assert states == list(enumerate(STATES, 1))
        assert cities == sorted((i, s, name) for i, name, s in CITIES)
        assert three.tables(kind) == ["cities", "states"]
        assert got[kind][0] == lines("{}: {}".format(*s) for s in states)
        assert got[kind][8] == listing(states, cities)


def test_the_pages_other_commands(toured):
    """The page's other commands, in one session as bin/tour runs them:
    the setup lines, the psql section (its database made, read and
    dropped) and the refusals, each output and exit status as shown."""
    three, ran = toured
    swapped = own(three)
    others = [(number, r) for number, r in enumerate(ran) if r.err is None]
    assert len(others) == 21 and others[0][1].cmd.text == ACTIVATE
    assert [(r.cmd.text, r.out, r.status) for _, r in others] == [
        (r.cmd.text, swapped(number, r.cmd)[1], r.cmd.status)
        for number, r in others]
    assert psql("SELECT count(*) FROM pg_database WHERE datname ="
                " '{}_psql'".format(three.name)) == [("0",)]


def test_a_reset_gives_the_same_ids_again(toured):
    """Step 3 run again, after all the others, prints the same bytes.

    Its ids come from counters that a rollback does not give back: the
    step's reset makes them start over.
    """
    three, _ = toured
    with ThreadPoolExecutor(3) as pool:
        again = list(pool.map(
            lambda kind: ok("3-new_ids.py", three.urls[kind]), KINDS))
    assert again == [stdouts(toured)[kind][3] for kind in KINDS]


def test_postgres_is_the_real_server(toured):
    """version() comes from a PostgreSQL server: the steps made one there.

    The database step 0 made there has the C collation the part names;
    the one on MariaDB, the task databases' collation.
    """
    three, _ = toured
    ((version,),) = psql("SELECT version()")
    assert version.startswith("PostgreSQL "), version
    assert psql("SELECT datcollate FROM pg_database WHERE datname = '{}'"
                .format(three.name)) == [("C",)]
    assert query(None, "SELECT DEFAULT_COLLATION_NAME FROM"
                 " information_schema.SCHEMATA WHERE SCHEMA_NAME = %s",
                 (three.name,)) == [("utf8mb4_unicode_ci",)]


def test_serial_is_only_a_default_that_a_hand_given_id_outruns(toured):
    """The page, step 9: an id given by hand to a SERIAL column passes,
    and the sequence, left behind, then draws the same number again."""
    three, _ = toured
    psql("CREATE TABLE hbtn_6_serial (id SERIAL PRIMARY KEY);"
         " INSERT INTO hbtn_6_serial (id) VALUES (1)", three.name)
    try:
        with pytest.raises(AssertionError, match="duplicate key value"):
            psql("INSERT INTO hbtn_6_serial DEFAULT VALUES", three.name)
        assert psql("SELECT id FROM hbtn_6_serial", three.name) == [("1",)]
    finally:
        psql("DROP TABLE hbtn_6_serial", three.name)


def test_sqlite_undoes_ddl_only_with_begin_sent(tmp_path):
    """SQLite undoes a CREATE TABLE sent first only when BEGIN was sent.

    Python's sqlite3 opens no transaction before DDL: with a plain engine
    the rolled-back table stays; with the part's engine it is undone.
    """
    urls = ["sqlite:///" + str(tmp_path / n) for n in ("a.db", "b.db")]
    proc = subprocess.run([str(venv() / "bin" / "python"), "-c", DDL_FIRST,
                           *urls], cwd=ROOT, stdout=subprocess.PIPE,
                          env=dict(os.environ, PYTHONPATH=str(PART)),
                          stderr=subprocess.PIPE, timeout=60)
    assert (proc.stdout, proc.stderr) == (b"False\nTrue\n", b"")


def test_sqlite_needs_no_server(tmp_path):
    """SQLite needs no server: a step runs with both servers unreachable.

    The servers' variables point at ports where nothing listens; a new
    file gets the task's rows, and step 8 lists them.
    """
    dead = {"PGHOST": "127.0.0.1", "PGPORT": str(free_port()),
            "MYSQL_HOST": "127.0.0.1", "MYSQL_TCP_PORT": str(free_port())}
    url = "sqlite:///" + str(tmp_path / "alone.db")
    proc = step("8-states_cities.py", url, **dead)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == listing(list(enumerate(STATES, 1)), [
        (i, s, name) for i, name, s in CITIES])


def test_a_select_opens_a_transaction_that_commit_on_the_connection_ends(
        toured):
    """The page's DB-API paragraph, on the server, psycopg2 and psycopg:
    idle, then idle in transaction after a SELECT, while an ALTER TABLE
    of the table read times out on its lock; after the connection's
    commit(), idle, and the ALTER gets its lock; no cursor.commit()."""
    three, _ = toured
    proc = subprocess.run(
        [str(venv() / "bin" / "python"), "-c", DBAPI, three.name],
        cwd=ROOT, env=dict(os.environ, **PG), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    seen = ["idle", "idle in transaction", True, "idle", False, False]
    assert json.loads(proc.stdout) == {"psycopg2": seen, "psycopg": seen}


def psql_cli(*args):
    """Run the psql program as the page does, without ~/.psqlrc."""
    env = dict(os.environ, **PG)
    env.pop("PGDATABASE", None)
    return subprocess.run(["psql", "-X", *args], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=60)


def test_psql_l_shows_the_pages_columns_for_this_release():
    """The page's table of \\l's columns has this release's row, exact:
    the columns after the three it keeps are the ones psql prints."""
    version = psql_cli("--version").stdout
    major = re.match(r"psql \(PostgreSQL\) (\d+)", version).group(1)
    rows = {}
    for line in PAGE.read_text("utf-8").split("\n"):
        row = re.match(r"\| (\d+) \(Debian \d+\) \| (.+) \|$", line)
        if row:
            rows[row.group(1)] = row.group(2).split(", ")
    assert sorted(rows, key=int) == ["13", "15", "17"]
    proc = psql_cli("-A", "-c", r"\l hbtn_6_no_such_database", "postgres")
    assert proc.returncode == 0, proc.stderr
    # Unaligned: the title, the column names, then "(0 rows)".
    title, header = proc.stdout.split("\n")[:2]
    assert title == "List of databases"
    header = header.split("|")
    assert header[:3] == ["Name", "Owner", "Encoding"]
    assert header[3:] == rows[major], version


def test_psql_without_a_database_tries_the_users():
    """The page: with no database named, psql asks for one named as the
    user, which the server does not have."""
    proc = psql_cli("-Atc", "SELECT 1")
    assert proc.returncode == 2 and proc.stdout == ""
    assert 'database "{}" does not exist'.format(PG["PGUSER"]) in (
        proc.stderr)


def test_psql_c_names_a_new_host_in_its_line():
    """The page: \\c to the same server says the database and the user;
    to another host (the same server, by its address), the host too."""
    proc = psql_cli("-c", r"\c postgres - 127.0.0.1", "-c", r"\c template1",
                    "postgres")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n") == [
        'You are now connected to database "postgres" as user "{}" on host'
        ' "127.0.0.1" at port "{}".'.format(
            PG["PGUSER"], os.environ.get("PGPORT", "5432")),
        'You are now connected to database "template1" as user "{}".'.format(
            PG["PGUSER"]), ""]


def cells(row_name):
    """The cells of the page's SQL table row that starts with row_name."""
    for line in PAGE.read_text("utf-8").split("\n"):
        if line.startswith("| {} |".format(row_name)):
            return dict(zip(KINDS, [c.strip() for c in
                                    line.strip("|").split("|")[1:]]))
    raise AssertionError("no row " + row_name)


def sent(toured, script, kind):
    """What a step of the page's run handed the driver: [(SQL, params)],
    params as repr, from the recorder (harness/record)."""
    _, ran = toured
    [record] = [r.records[0] for r in ran if r.err is not None and
                COMMAND.match(r.cmd.text).groups() == (script, kind)]
    return [(s, p) for s, p, _, _ in record["sent"]]


def test_step_1_sends_the_page_sql_and_step_8_one_query(toured):
    """The page's three conditions are what the drivers were handed.

    Step 1's SELECT of states holds, on each database, the condition and
    the value the page's table shows; step 8 sends one SELECT that reads
    both tables (both as the page's run sent them).  MariaDB received
    step 1's bytes comparison itself.
    """
    three, _ = toured
    condition, value = cells("the condition"), cells("its value")
    for kind in KINDS:
        reads = [(s, p) for s, p in sent(toured, "1-filter_a.py", kind)
                 if "FROM states" in s]
        assert len(reads) == 1, reads
        text, params = reads[0]
        where = " ".join(text.split()).split(" WHERE ")[1]
        assert "`{}`".format(where.split(" ORDER BY")[0]) == condition[kind]
        assert ["`{}`".format(p) for p in params] == [value[kind]]
        reads = [s for s, p in sent(toured, "8-states_cities.py", kind)
                 if "FROM states" in s]
        assert len(reads) == 1 and "LEFT OUTER JOIN cities" in reads[0]
    with server_log(three.name) as received:
        ok("1-filter_a.py", three.urls["mariadb"])
    (select,) = data_selects(received)
    assert "WHERE CAST(states.name AS BINARY) LIKE '%a%'" in select


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Three databases holding the hostile data, loaded by the models."""
    made = Three(tmp_path_factory.mktemp("part6"))
    data = json.dumps([HOSTILE_STATES, HOSTILE_CITIES]).encode()

    def load(kind):
        """Load the data into one database through kit.load()."""
        subprocess.run([str(venv() / "bin" / "python"), "-c", LOAD,
                        made.urls[kind]], input=data, cwd=ROOT,
                       env=dict(os.environ, PYTHONPATH=str(PART), **PG),
                       check=True)
    try:
        with ThreadPoolExecutor(3) as pool:
            list(pool.map(load, KINDS))
        yield made
    finally:
        made.drop()


def test_hostile_rows_are_as_built_and_hostile(hostile):
    """Each database holds the rows as given; plain LIKE would be wrong.

    The raw rows read back equal the dataset, trailing spaces and all;
    SQLite's and MariaDB's own LIKE '%a%' find names without a lower-case
    a (so an exact answer there is the dialect's doing), PostgreSQL's
    does not.
    """
    exact = sorted(i for i, name in HOSTILE_STATES if "a" in name)
    like = "SELECT id FROM states WHERE name LIKE '%a%'"
    for kind in KINDS:
        assert hostile.states(kind) == sorted(HOSTILE_STATES)
        assert hostile.cities(kind) == sorted(HOSTILE_CITIES)
        found = sorted(int(r[0]) for r in hostile.rows(kind, like))
        assert (found == exact) == (kind == "postgres"), kind


@pytest.mark.parametrize("script", ["0-list_states.py", "1-filter_a.py",
                                    "8-states_cities.py"])
def test_hostile_data_same_answer_on_the_three(hostile, script):
    """On hostile names each database prints the answer Python computes."""
    with ThreadPoolExecutor(3) as pool:
        got = list(pool.map(lambda k: ok(script, hostile.urls[k]), KINDS))
    for kind, out in zip(KINDS, got):
        states = hostile.states(kind)
        if script == "0-list_states.py":
            wanted = lines("{}: {}".format(*s) for s in states)
        elif script == "1-filter_a.py":
            wanted = lines("{}: {}".format(*s) for s in states
                           if "a" in s[1])
        else:
            wanted = listing(states, hostile.cities(kind))
        assert out == wanted, kind
    assert got[0] == got[1] == got[2]


def bad_urls():
    """(URL, environment, words the one line must hold) for each mistake."""
    mariadb = url_string("mysql+mysqldb", username=USER, password=SECRET,
                         host=HOST, port=PORT, database="hbtn_0e_0_usa")
    return [
        ("not-a-url", {}, "not a SQLAlchemy URL"),
        ("mysql+mysqldb://root:{}@localhost:port/x".format(SECRET), {},
         "not a SQLAlchemy URL"),
        ("nosuch://root:{}@localhost/x".format(SECRET), {},
         "knows no dialect or driver nosuch"),
        ("postgresql+pg8000://root:{}@localhost/x".format(SECRET), {},
         "the driver of postgresql+pg8000 is not installed"),
        (mariadb, {}, "Error 1045: Access denied"),
        ("postgresql+psycopg:///postgres", {"PGPASSWORD": SECRET},
         "password authentication failed"),
        ("sqlite:///no/such/folder/x.db", {}, "unable to open database"),
    ]


@pytest.mark.parametrize("url,env,words", bad_urls())
@pytest.mark.errors
def test_bad_url_one_line_exit_1(url, env, words):
    """A bad URL, driver or login: one line on stderr, 1, no password."""
    proc = step("0-list_states.py", url, **env)
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr.startswith("Error") and proc.stderr.count("\n") == 1
    assert words in proc.stderr
    assert SECRET not in proc.stderr and "Traceback" not in proc.stderr


def test_usage_without_url():
    """Without its URL a step says how to call it, on one line, and 1."""
    proc = run_part("parts/6-databases/1-filter_a.py")
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == "Usage: ./parts/6-databases/1-filter_a.py URL\n"


def test_files_keep_the_rules():
    """Shebang, run bit, docstrings, one skeleton, pycodestyle, needs.

    Every step ends with the same two lines under the same main guard,
    takes only URL, and its docstring gives that usage; every module,
    class and function opens with a sentence.
    """
    names = steps()
    assert [n.split("-")[0] for n in names] == [str(i) for i in range(11)]
    assert names[:2] == ["0-list_states.py", "1-filter_a.py"]
    for path in [PART / n for n in names] + [PART / "kit.py",
                                             PART / "models.py"]:
        text = path.read_text("utf-8")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.Module, ast.ClassDef,
                                 ast.FunctionDef)):
                doc = ast.get_docstring(node) or ""
                assert re.match(r"[A-Z].{10,}\.", " ".join(doc.split())), (
                    path.name, getattr(node, "name", "module"))
        if path.name[0].isdigit():
            assert text.startswith("#!/usr/bin/env python3\n")
            assert os.stat(path).st_mode & stat.S_IXUSR
            assert "Usage: ./{} URL\n".format(path.name) in text
            assert text.endswith('\n\nif __name__ == "__main__":\n'
                                 '    kit.run(main)\n')
    style = subprocess.run(["pycodestyle", str(PART), __file__],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert (style.returncode, style.stdout, style.stderr) == (0, b"", b"")
    assert (PART / "needs").read_text() == "postgres\n"
    requirements = (PART / "requirements.txt").read_text()
    assert "\npsycopg[binary]==3.3.9\n" in requirements
