"""Part 9: the web application, step by step, on three databases.

The page's transcripts again on PostgreSQL (bin/tour runs them on
SQLite).  On each of SQLite, PostgreSQL and MariaDB one server, waitress
on loopback, answers every claim over real HTTP in turn: the JSON
contract, the attacks, the concurrency claims, as the application's own
account where there are accounts.  A database lost and back; bad input;
and the page in headless Chromium.  Migrated databases are copies of
one migrated template per kind: `flask db upgrade` runs once for each.
"""
import ast
import base64
import http.client
import itertools
import json
import os
import random
import re
import select
import shutil
import signal
import socket
import sqlite3
import subprocess
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import MySQLdb
import pytest

from conftest import (PG, ROOT, free_port, mysql_cli, psql, three_urls,
                      url_string, venv)
from lesson.path import CITIES
from harness.server import HOST, PASSWORD, PORT, USER, connect, query
from harness.transcript import Session, commands, environment

PART = ROOT / "parts" / "9-web"
PAGE = PART / "README.md"
KINDS = ("sqlite", "postgres", "mariadb")
_numbers = itertools.count(1)
for key, value in PG.items():
    os.environ.setdefault(key, value)


class Database:
    """A throw-away database of one kind, named for this test."""

    def __init__(self, kind, folder, template=None):
        """Make the database on its server, or copy ``template``'s."""
        self.kind = kind
        self.name = "hbtn_t{}_9_{}".format(os.getpid(), next(_numbers))
        self.file = folder / (self.name + ".db")
        self.url = three_urls(self.name, self.file)[kind]
        if kind == "sqlite" and template:
            shutil.copyfile(str(template.file), str(self.file))
        elif kind == "mariadb":
            mysql_cli("CREATE DATABASE {} CHARACTER SET utf8mb4 COLLATE"
                      " utf8mb4_unicode_ci;".format(self.name))
        elif kind == "postgres":
            # A copy of a migrated template costs no `flask db upgrade`.
            psql("CREATE DATABASE {} TEMPLATE {} ENCODING 'UTF8' LOCALE"
                 " 'C'".format(self.name, template.name if template
                               else "template0"))

    def rows(self, sql):
        """The rows of a query, each a list of its fields as text."""
        if self.kind == "sqlite":
            with sqlite3.connect(str(self.file)) as conn:
                found = conn.execute(sql).fetchall()
        elif self.kind == "mariadb":
            found = query(self.name, sql)
        else:
            found = psql(sql, self.name)
        return [[str(field) for field in row] for row in found]

    def drop(self):
        """Drop the database (SQLite's file goes with tmp_path)."""
        if self.kind == "mariadb":
            mysql_cli("DROP DATABASE IF EXISTS {};".format(self.name))
        elif self.kind == "postgres":
            psql("DROP DATABASE IF EXISTS {} WITH (FORCE)".format(self.name))


def in_venv(argv, env=None, timeout=120, cwd=ROOT):
    """Run a command with the parts' virtualenv first on PATH."""
    proc = subprocess.run(
        argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=dict(os.environ, LANG="C.UTF-8", PATH=str(venv() / "bin") + ":"
                 + os.environ["PATH"], **(env or {})), timeout=timeout)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def migrated(database):
    """Bring ``database`` to the last revision with `flask db upgrade`."""
    assert in_venv(["flask", "--app", "parts/9-web/11-page.py", "db",
                    "upgrade"], {"DATABASE_URL": database.url}) == (
        0, "", "")
    return database


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    """Migrated databases, one per kind, made once and copied for a test.

    `flask db upgrade` is a process that imports Flask and Alembic: one
    for SQLite and one for PostgreSQL serve every test of the file.
    MariaDB has no template databases; it is migrated where it is used.
    """
    folder = tmp_path_factory.mktemp("templates")
    made = {}

    def template(kind):
        """The migrated template of this kind, made at its first use."""
        if kind not in made:
            made[kind] = migrated(Database(kind, folder))
        return made[kind]
    yield template
    for database in made.values():
        database.drop()


@pytest.fixture
def made(tmp_path, templates):
    """A factory of databases, dropped after the test.

    made(kind) is empty; made(kind, ready=True) is at the last
    revision, with the task's states and cities.
    """
    found = []

    def new(kind, ready=False):
        """Make a database of this kind for the test."""
        if ready and kind == "mariadb":
            found.append(migrated(Database(kind, tmp_path)))
        else:
            found.append(Database(kind, tmp_path, ready and templates(kind)))
        return found[-1]
    yield new
    for database in found:
        database.drop()


# --- The page, again on PostgreSQL -----------------------------------------

def replay(page, env, headings, tmp_path, name):
    """Run the page's commands between two headings: (ran, the misses).

    Each port, the log and the database names are the test's own, so
    the tour may run the page at the same time.
    """
    ports = {}

    def own(text, command=True):
        """The text with this test's ports, log and database names."""
        text = re.sub(r"(127\.0\.0\.1:|--port )(50[0-9][0-9])\b",
                      lambda m: m.group(1) + ports.setdefault(
                          m.group(2), str(free_port())), text)
        text = text.replace(".local/9-web.log", str(tmp_path / "web.log"))
        return text.replace("/hbtn_9", "/" + name) if command else text
    lines = page.read_text("utf-8").split("\n")
    start, stop = (lines.index(heading) + 1 for heading in headings)
    session = Session(dict(environment(), **env))
    ran, wrong = 0, []
    try:
        for cmd in commands(page):
            if not start < int(cmd.where.rsplit(":", 1)[1]) < stop:
                continue
            ran += 1
            out, status = session.run(own(cmd.text))
            if (out, status) != (own(cmd.output, False), cmd.status):
                wrong.append((cmd.where, cmd.text, out, status))
    finally:
        session.close()
    return ran, wrong


def test_the_page_prints_the_same_on_postgresql(made, tmp_path):
    """Steps 2 to 7 of the page on PostgreSQL: the same bytes as SQLite.

    The page itself runs steps 0 and 1, and 8 on, on PostgreSQL too.
    Step 2 starts from an empty database, as from step 1's: it makes
    its tables and puts the task's rows in.
    """
    database = made("postgres")
    ran, wrong = replay(PAGE, {
        "DATABASE_URL": database.url,
        "PATH": str(venv() / "bin") + ":" + os.environ["PATH"]}, (
            "## Step 2: `select()`, a state with its cities",
            "## Step 8: migrations"), tmp_path, database.name)
    assert wrong == [], "\n".join(map(repr, wrong))
    assert ran > 30  # the range holds steps 2 to 7, not nothing


class Web:
    """A step (or bin/web) serving a database, as its own process."""

    def __init__(self, url, argv=("parts/9-web/11-page.py",)):
        """Start the server and wait for its address line."""
        self.port = free_port()
        self.proc = subprocess.Popen(
            [*argv, "--port", str(self.port)], cwd=ROOT,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=dict(os.environ, DATABASE_URL=url, LANG="C.UTF-8",
                     PATH=str(venv() / "bin") + ":" + os.environ["PATH"]))
        ready, _, _ = select.select([self.proc.stdout], [], [], 120)
        line = self.proc.stdout.readline().decode() if ready else ""
        if line != "http://127.0.0.1:{}/\n".format(self.port):
            self.proc.kill()
            raise AssertionError((line, self.proc.communicate()))

    def call(self, method, path, body=None, raw=None, timeout=30,
             kind="application/json"):
        """One request over HTTP: (status, JSON body or None, headers)."""
        if body is not None:
            raw = json.dumps(body).encode("utf-8")
        elif isinstance(raw, str):
            raw = raw.encode("utf-8")
        conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                          timeout=timeout)
        try:
            conn.request(method, path, body=raw,
                         headers={"Content-Type": kind})
            reply = conn.getresponse()
            status, data, headers = reply.status, reply.read(), reply.headers
        finally:
            conn.close()
        if data:
            assert headers["Content-Type"] == "application/json", data
        return status, json.loads(data) if data else None, headers

    def stop(self):
        """Ctrl-C: 'Stopped.', exit status 0; returns stderr."""
        self.proc.send_signal(signal.SIGINT)
        out, err = self.proc.communicate(timeout=60)
        assert (self.proc.returncode, out) == (0, b"Stopped.\n"), err
        return err.decode()


# --- The contract, over HTTP, on the three databases ---------------------

def contract(web):
    """Every answer of the contract, exact, and what it left in the rows."""
    assert web.call("GET", "/api/states?page=2&per_page=2")[:2] == (
        200, {"items": [{"id": 3, "name": "Texas", "version": 1},
                        {"id": 4, "name": "New York", "version": 1}],
              "page": 2, "per_page": 2, "total": 5,
              "next": "/api/states?page=3&per_page=2",
              "prev": "/api/states?page=1&per_page=2"})
    status, body, headers = web.call("POST", "/api/states",
                                     {"name": "Oregon"})
    assert (status, body, headers["Location"]) == (
        201, {"id": 6, "name": "Oregon", "version": 1}, "/api/states/6")
    assert web.call("GET", "/api/states/6")[:2] == (200, {
        "id": 6, "name": "Oregon", "version": 1, "cities": []})
    assert web.call("PATCH", "/api/states/6",
                    {"name": "Oregon!", "version": 1})[:2] == (
        200, {"id": 6, "name": "Oregon!", "version": 2})
    assert web.call("PATCH", "/api/states/6",
                    {"name": "Oregon?", "version": 1})[:2] == (409, {
                        "error": "version 1 is not the current one: the"
                                 " state changed since it was read",
                        "current": {"id": 6, "name": "Oregon!",
                                    "version": 2}})
    assert web.call("DELETE", "/api/states/3")[:2] == (204, None)
    assert web.call("DELETE", "/api/states/3")[:2] == (
        404, {"error": "no state with id 3"})
    assert web.database.rows("SELECT count(*) FROM cities WHERE state_id"
                             " = 3") == [["0"]]
    status, body, headers = web.call("DELETE", "/api/states")
    assert (status, body, sorted(headers["Allow"].split(", "))) == (
        405, {"error": "Method Not Allowed"},
        ["GET", "HEAD", "OPTIONS", "POST"])
    assert web.call("GET", "/api/nowhere")[:2] == (
        404, {"error": "Not Found"})
    assert web.call("POST", "/api/users",
                    {"email": "Ada@Example.org", "name": "Ada"})[:2] == (
        201, {"id": 1, "email": "ada@example.org", "name": "Ada",
              "addresses": []})
    assert web.call("POST", "/api/users",
                    {"email": "ADA@example.org", "name": "Ada"})[:2] == (
        409, {"error": "a user with this email exists"})
    assert web.call("POST", "/api/users/1/addresses",
                    {"street": "1 Main St", "city_id": 12})[:2] == (
        201, {"id": 1, "email": "ada@example.org", "name": "Ada",
              "addresses": [{"id": 1, "street": "1 Main St",
                             "city": "Las Vegas", "state": "Nevada"}]})
    stamps = web.database.rows("SELECT created_at, updated_at FROM users")
    assert len(stamps) == 1 and "None" not in stamps[0] and "" not in \
        stamps[0]


EXAMPLE = ', such as {"name": "Oregon"}'
REFUSED = [
    ("name=Utah", "application/x-www-form-urlencoded", 400,
     "the body must be JSON" + EXAMPLE),
    ('{"name": "Utah"', "application/json", 400,
     "the body must be JSON" + EXAMPLE),
    (b'{"name": "\xff"}', "application/json", 400,
     "the body must be JSON" + EXAMPLE),
    ("[" * 8000 + "]" * 8000, "application/json", 400,
     "the body is nested too deeply"),
    ('{"name": ' + "[" * 3000, "application/json", 400,
     "the body is nested too deeply"),
    ('["Utah"]', "application/json", 400,
     "the body must be a JSON object" + EXAMPLE),
    ('{"name": "Utah", "id": 1}', "application/json", 400,
     'unexpected field "id"'),
    ("{}", "application/json", 400, "the name is missing"),
    ('{"name": 42}', "application/json", 400,
     "the name must be a string" + EXAMPLE),
    ('{"name": null}', "application/json", 400,
     "the name must be a string" + EXAMPLE),
    ('{"name": " \\t\\n"}', "application/json", 400, "the name is empty"),
    (json.dumps({"name": "é" * 129}), "application/json", 400,
     "the name is longer than 128 characters"),
    ('{"name": "\\ud800"}', "application/json", 400,
     "the name is not valid Unicode text"),
    (json.dumps({"name": "x" * 16384}), "application/json", 413,
     "Request Entity Too Large"),
]


def refused(web):
    """Each bad body: its status and message, and nothing written."""
    before = web.database.rows("SELECT id, name, version FROM states"
                               " ORDER BY id")
    for raw, kind, status, message in REFUSED:
        assert web.call("POST", "/api/states", raw=raw, kind=kind)[:2] == (
            status, {"error": message}), raw[:40]
    for raw, message in [
            ('{"name": "X"}', "the version is missing"),
            ('{"name": "X", "version": true}', "the version must be"),
            ('{"name": "X", "version": 99999999999}', "the version must")]:
        status, body, _ = web.call("PATCH", "/api/states/1", raw=raw)
        assert status == 400 and body["error"].startswith(message)
    assert web.database.rows("SELECT id, name, version FROM states ORDER"
                             " BY id") == before


# --- A real server: the attacks, and twenty clients at once ---------------

def increments(web):
    """Twenty clients, 25 read-and-PATCH increments each: ends at 500."""
    status, body, _ = web.call("POST", "/api/states", {"name": "0"})
    assert status == 201
    path = "/api/states/{}".format(body["id"])

    def client(_):
        """Add 1, 25 times, starting again from each 409's state."""
        conflicts = busy = 0
        state = web.call("GET", path)[1]
        for _ in range(25):
            for refused in itertools.count():
                sent = time.monotonic()
                status, body, _ = web.call("PATCH", path, {
                    "name": str(int(state["name"]) + 1),
                    "version": state["version"]})
                if status == 200:
                    state = body
                    break
                # 503: SQLite's 3-second lock limit ran out on a busy
                # machine; nothing was written, and the client tries again.
                assert status in (409, 503), body
                conflicts += status == 409
                busy += status == 503
                state = body.get("current", state)
                # A client of optimistic locking backs off, longer each
                # time, with jitter, so that twenty do not collide again;
                # in units of its last round trip, as slow as the machine.
                time.sleep(random.uniform(0, (time.monotonic() - sent)
                                          * 2 ** min(refused, 5)))
        return conflicts, busy
    with ThreadPoolExecutor(20) as pool:
        conflicts, busy = map(sum, zip(*pool.map(client, range(20))))
    assert web.database.rows("SELECT name, version FROM states WHERE id"
                             " = {}".format(body["id"])) == [["500", "501"]]
    # They did collide, and made progress: fewer than 10 refusals an
    # update.  (No clock: each request has its own 30-second limit.)
    assert 0 < conflicts and conflicts + busy < 5000


def deletes(web):
    """Twenty DELETEs at the same moment: one 204, nineteen 404s."""
    before = web.database.rows("SELECT id FROM states ORDER BY id")
    gate = threading.Barrier(20)

    def delete(_):
        """Wait for the others, then send the DELETE with them."""
        gate.wait()
        return web.call("DELETE", "/api/states/1")
    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(delete, range(20)))
    assert sorted(a[0] for a in answers) == [204] + [404] * 19
    assert web.database.rows("SELECT count(*) FROM cities WHERE state_id"
                             " = 1") == [["0"]]
    assert web.database.rows("SELECT id FROM states ORDER BY id") == \
        before[1:]


def attacks(web):
    """Other scripts' digits, huge ids, deep JSON, hostile names."""
    before = web.database.rows("SELECT id, name, version FROM states"
                               " ORDER BY id")
    assert ["2", "Arizona", "1"] in before
    for digits in ("٢", "۲", "२", "２", "𝟐", "²", "2٢", " 2", "+2", "-2",
                   "0", "2.0", "0x2", "99999999999999999999", "2147483648"):
        path = "/api/states/" + urllib.parse.quote(digits)
        assert web.call("DELETE", path)[:2] == (
            404, {"error": "Not Found"}), digits
        assert web.call("GET", path)[0] == 404
    assert web.call("GET", "/api/states/2147483647")[:2] == (
        404, {"error": "no state with id 2147483647"})
    for depth in (1000, 5000, 8000):
        assert web.call("POST", "/api/states",
                        raw="[" * depth + "]" * depth)[:2] == (
            400, {"error": "the body is nested too deeply"})
    assert web.database.rows("SELECT id, name, version FROM states"
                             " ORDER BY id") == before
    names = ["O'Brien\"; DROP TABLE states; --", "100% _x_ \\",
             "<script>alert(1)</script>", "Québec", "🌵 Arizona",
             "trailing ", "NUL\u0001", "x" * 128, "Ş" * 128]
    for name in names:
        status, body, _ = web.call("POST", "/api/states", {"name": name})
        assert status == 201 and body["name"] == name
        assert web.call("GET", "/api/states/{}".format(body["id"]))[1][
            "name"] == name
    stored = web.database.rows("SELECT name FROM states WHERE id > {}"
                               " ORDER BY id".format(before[-1][0]))
    assert stored == [[name] for name in names]
    conn = http.client.HTTPConnection("127.0.0.1", web.port, timeout=30)
    conn.request("GET", "/")
    html = conn.getresponse().read().decode()
    conn.close()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- Least privilege ---------------------------------------------------------

def as_postgres_user(database, user, password):
    """A function that runs SQL as ``user``: None, or the refusal."""
    def run(sql):
        """Run one statement as the account; None, or the refusal."""
        proc = subprocess.run(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database,
             "-c", sql], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=dict(os.environ, PGUSER=user, PGPASSWORD=password))
        return proc.stderr.decode() if proc.returncode else None
    return run


def as_mariadb_user(database, user, password):
    """A function that runs SQL as ``user``: None, or the refusal."""
    def run(sql):
        """Run one statement as the account; None, or the refusal."""
        conn = connect(database, user=user, password=password)
        try:
            conn.cursor().execute(sql)
            conn.commit()
        except MySQLdb.Error as error:
            return str(error)
        finally:
            conn.close()
    return run


AS_APP = {"postgres": as_postgres_user, "mariadb": as_mariadb_user}
ACCOUNT = "hbtn_t{}_app".format(os.getpid())
SECRET = "s3cret'\"@:/"


@pytest.fixture
def account():
    """The application's account's name; dropped after the test."""
    yield ACCOUNT
    psql("DROP ROLE IF EXISTS {}".format(ACCOUNT))
    mysql_cli("DROP USER IF EXISTS '{}'@'localhost';".format(ACCOUNT))


def least_privilege(database, kind):
    """Step 10's account on ``database``: rows yes, the schema never.

    Returns the account's URL, which the application then runs as.
    """
    parts = dict(username=ACCOUNT, password=SECRET, database=database.name)
    if kind == "postgres":
        app_url = url_string("postgresql+psycopg", host="localhost", **parts)
    else:
        app_url = url_string("mysql+mysqldb", host=HOST, port=PORT,
                             query={"charset": "utf8mb4"}, **parts)
    refusal = {"postgres": "must be owner of table cities",
               "mariadb": "DROP command denied to user '{}'@'localhost'"
                          " for table `{}`.`cities`".format(
                              ACCOUNT, database.name)}
    shown = ("{0} may SELECT, INSERT, UPDATE, DELETE rows of the tables of"
             " {1}, nothing more\n{0} reads 5 states\n{0} may not drop a"
             " table: {2}\n".format(ACCOUNT, database.name, refusal[kind]))
    assert in_venv(["./parts/9-web/10-least_privilege.py", app_url],
                   {"DATABASE_URL": database.url}) == (0, shown, "")
    as_app = AS_APP[kind](database.name, ACCOUNT, SECRET)
    for sql in ("CREATE TABLE mine (id INTEGER)",
                "UPDATE alembic_version SET version_num = 'x'",
                "ALTER TABLE states ADD COLUMN x INTEGER",
                "DROP TABLE cities"):
        assert as_app(sql) is not None, sql
    assert database.rows("SELECT version_num FROM alembic_version") == [
        ["0002"]]
    return app_url


# --- One server per database: every claim over HTTP -------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_the_contract_attacks_and_concurrency(made, account, kind):
    """On each database, one server answers every claim in turn.

    PostgreSQL and MariaDB: the application runs as step 10's account,
    which may not touch the schema.  Then the contract, refused bodies,
    the attacks, 20 incrementers and 20 deleters; the server's log stays
    empty.
    """
    database = made(kind, ready=True)
    url = database.url
    if kind != "sqlite":
        url = least_privilege(database, kind)
    web = Web(url)
    web.database = database
    try:
        contract(web)
        refused(web)
        attacks(web)
        increments(web)
        deletes(web)
    finally:
        err = web.stop()
        # Before the account: its rights on the tables go with them.
        database.drop()
    assert err == ""


# --- The database goes away, and comes back --------------------------------

class Relay:
    """A TCP relay on loopback in front of the real PostgreSQL.

    stop() closes its port and every connection through it, as a stopped
    server does; start() opens it again.  Nothing is answered for the
    server: every byte is PostgreSQL's own.
    """

    def __init__(self):
        """Listen on a free port of loopback."""
        self.port, self.links, self.listener = free_port(), [], None
        self.start()

    def start(self):
        """Listen again, and relay each new connection to PostgreSQL."""
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self.accept, args=(self.listener,),
                         daemon=True).start()

    def accept(self, listener):
        """Accept connections until the listener is closed."""
        while True:
            try:
                near, _ = listener.accept()
            except OSError:
                return
            far = socket.create_connection(("127.0.0.1", 5432))
            self.links += [near, far]
            for a, b in ((near, far), (far, near)):
                threading.Thread(target=self.pump, args=(a, b),
                                 daemon=True).start()

    @staticmethod
    def pump(source, sink):
        """Copy bytes one way until either side closes."""
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def stop(self):
        """Refuse new connections and cut the open ones."""
        # shutdown() wakes the thread blocked in accept(); close() alone
        # would leave the port listening until the next connection.
        try:
            self.listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.listener.close()
        for sock in self.links:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.links = []


def test_a_lost_database_is_a_503_and_recovers(made):
    """Step 7 through a relay: cut, 503s; mute, 503 in 3 s; back, 200.

    Cut, as a stopped server (its port closed, connections reset): each
    request is a 503 within 5 s.  Mute, a port that accepts and never
    speaks: a 503 after the 3-second limit.  The relay back: 200, the
    same process.  One log line for each failure, no password.
    """
    database = made("postgres")
    relay = Relay()
    url = url_string("postgresql+psycopg", username=PG["PGUSER"],
                     password=PG["PGPASSWORD"], host="127.0.0.1",
                     port=relay.port, database=database.name)
    # Step 7 makes its own tables: no migration needed.
    web = Web(url, argv=("parts/9-web/7-database_down.py",))
    try:
        assert web.call("GET", "/api/states/1")[:2] == (200, {
            "id": 1, "name": "California", "version": 1, "cities": [
                {"id": i, "name": name} for i, name, state in CITIES
                if state == 1]})
        relay.stop()
        for _ in range(3):
            start = time.monotonic()
            assert web.call("GET", "/api/states/1", timeout=10)[:2] == (
                503, {"error": "the database is not answering: try again"
                               " in a moment"})
            assert time.monotonic() - start < 5
        # The relay's port now leads to a socket that accepts, but mute.
        relay.listener = socket.create_server(("127.0.0.1", relay.port))
        start = time.monotonic()
        status, _, headers = web.call("GET", "/api/states/1", timeout=20)
        assert (status, headers["Retry-After"]) == (503, "3")
        assert 2.5 < time.monotonic() - start < 8
        relay.listener.close()
        relay.start()
        assert web.call("GET", "/api/states/1")[0] == 200
    finally:
        relay.stop()
        err = web.stop()
    lines = err.strip().split("\n")
    assert len(lines) == 4 and all("Error" in line for line in lines), err
    assert PG["PGPASSWORD"] + "@" not in err


# --- The load benchmark ------------------------------------------------------

LOAD = re.compile(r"GET /api/states: 8 clients, 2 rounds of 0\.5 s each\n"
                  r"bare WSGI: (\d+) requests/s\n"
                  r"the application: (\d+) requests/s\n"
                  r"a request to the application costs (\d+\.\d) bare"
                  r" ones\n")


def test_the_load_benchmark_gives_a_ratio(made):
    """Step 12, briefly: two rates from right answers, and their ratio.

    A benchmark, not a timed test: no figure is required, only that
    every answer was right (else the step fails) and that the ratio is
    the rates'.
    """
    database = made("sqlite", ready=True)
    status, out, err = in_venv(["./parts/9-web/12-load.py", "0.5"],
                               {"DATABASE_URL": database.url})
    assert (status, err) == (0, ""), err
    found = LOAD.fullmatch(out)
    assert found, out
    bare, app, ratio = (float(figure) for figure in found.groups())
    assert bare > 0 and app > 0
    # The rates are printed rounded; the ratio is of the exact ones.
    assert abs(ratio - bare / app) <= 0.05 + bare / app * (
        0.5 / bare + 0.5 / app), out
    status, out, err = in_venv(["./parts/9-web/12-load.py", "0"],
                               {"DATABASE_URL": database.url})
    assert (status, out, err) == (
        1, "", "Error: SECONDS is a number of seconds, such as 3\n")


# --- Bad input: one line, exit status 1 -----------------------------------

# Each command line kit.arguments() refuses, checked in one process.
ARGUMENTS = """import json, sys, kit
for usage, argv in json.loads(sys.argv.pop()):
    sys.argv[1:] = argv
    try:
        print(json.dumps(kit.arguments(usage)))
    except SystemExit as end:
        print(end.code)
"""


def test_the_arguments_are_checked():
    """A port that is not 1 to 65535 in ASCII digits, any other word."""
    lines = [("[--port P]", []), ("[--port P]", ["--port", "65535"]),
             ("[--port P]", ["--port", "70000"]),
             ("[--port P]", ["--port", "٥٠٠٠"]),
             ("[--port P]", ["--port", "0"]), ("[--port P]", ["extra"]),
             ("[--port P]", ["--port", "1", "2"]), ("", []), ("", ["x"]),
             ("APP_URL", ["x"]), ("APP_URL", [])]
    where = "the database is DATABASE_URL's, .local/hbtn_9.db when unset)"
    port = "Usage: -c [--port P]  (P from 1 to 65535; " + where
    assert in_venv([str(venv() / "bin" / "python"), "-c", ARGUMENTS,
                    json.dumps(lines)], cwd=PART) == (0, "\n".join([
                        "[5000]", "[65535]", port, port, port, port, port,
                        "[]", "Usage: -c  (" + where, '["x"]',
                        "Usage: -c APP_URL  (" + where]) + "\n", "")


@pytest.mark.errors
def test_bad_input_is_one_line_and_exit_1(tmp_path):
    """Wrong arguments, URLs, ports and databases: one line, status 1."""
    taken = socket.create_server(("127.0.0.1", 0))
    busy = str(taken.getsockname()[1])
    sqlite = "sqlite:///" + str(tmp_path / "x.db")
    secret = url_string("postgresql+psycopg", username="nobody",
                        password="hunter2-secret", host="127.0.0.1", port=9,
                        database="hbtn_9")
    where = "the database is DATABASE_URL's, .local/hbtn_9.db when unset)\n"
    usage = ("Usage: parts/9-web/6-delete.py [--port P]  (P from 1 to"
             " 65535; " + where)
    cases = [
        (["parts/9-web/6-delete.py", "--port", "x"], {}, usage),
        (["parts/9-web/6-delete.py", "--port", busy],
         {"DATABASE_URL": sqlite},
         "Error: cannot listen on 127.0.0.1:{}: Address already in use"
         " (hint: choose another port with --port)\n".format(busy)),
        (["parts/9-web/3-create.py"], {"DATABASE_URL": "not a url"},
         "Error: DATABASE_URL is not a SQLAlchemy URL (hint: for example"
         " postgresql+psycopg://USER:PASSWORD@HOST/hbtn_9)\n"),
        (["parts/9-web/0-reset_database.py"],
         {"DATABASE_URL": "sqlite:///hbtn_0e_4_usa"},
         "Error: hbtn_0e_4_usa is one of the task's databases (hint: give"
         " the part one of its own, such as hbtn_9)\n"),
        (["parts/9-web/10-least_privilege.py"], {},
         "Usage: parts/9-web/10-least_privilege.py APP_URL  (" + where),
        (["bin/web", url_string("mysql+mysqldb", username=USER,
                                password=PASSWORD, host=HOST, port=PORT,
                                database="hbtn_0e_101_usa")], {},
         "Error: hbtn_0e_101_usa is one of the task's databases (hint:"
         " give the part one of its own, such as hbtn_9)\n"),
    ]
    try:
        for argv, env, line in cases:
            assert in_venv(argv, env) == (1, "", line), argv
    finally:
        taken.close()
    status, out, err = in_venv(["parts/9-web/7-database_down.py"],
                               {"DATABASE_URL": secret})
    assert (status, out, err.count("\n")) == (1, "", 1)
    assert err.startswith("Error: ") and "hunter2" not in err
    status, out, err = in_venv(["bin/web"], {"HBTN_VENV": str(tmp_path)})
    assert (status, out) == (1, "") and err.count("\n") == 1


# --- The page in a real browser ---------------------------------------------

class Browser:
    """Headless Chromium, driven over its DevTools pipe (fds 3 and 4).

    Messages are JSON, each ended by a NUL byte.  No port is opened:
    the pipe is the only way in.
    """

    FLAGS = ("--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-first-run", "--no-proxy-server",
             "--remote-debugging-pipe")

    def __init__(self, profile):
        """Start Chromium and attach to its page."""
        binary = "/usr/lib/chromium/chromium"
        if not os.path.exists(binary):
            binary = shutil.which("chromium")
        assert binary, "Chromium is missing: apt-get install -y chromium"
        to_it, its_in = os.pipe()
        its_out, from_it = os.pipe()
        self.proc = subprocess.Popen(
            ["bash", "-c", 'exec "$0" "$@" 3<&{} 4>&{}'.format(to_it, from_it),
             binary, *self.FLAGS, "--user-data-dir=" + profile,
             "about:blank"], pass_fds=(to_it, from_it),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_it)
        os.close(from_it)
        self.send_fd, self.read_fd = its_in, its_out
        self.count, self.held = 0, b""
        page = [t for t in self.call("Target.getTargets")["targetInfos"]
                if t["type"] == "page"][0]
        self.session = self.call("Target.attachToTarget", flatten=True,
                                 targetId=page["targetId"])["sessionId"]
        self.call("Page.enable", self.session)

    def message(self, deadline):
        """Read the next message from the browser, waiting until deadline."""
        while b"\0" not in self.held:
            ready, _, _ = select.select([self.read_fd], [], [],
                                        max(0, deadline - time.monotonic()))
            chunk = os.read(self.read_fd, 1 << 16) if ready else b""
            assert chunk, "the browser did not answer"
            self.held += chunk
        data, self.held = self.held.split(b"\0", 1)
        return json.loads(data)

    def call(self, method, session=None, **params):
        """Send one command and return its result (events are dropped)."""
        self.count += 1
        message = {"id": self.count, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.send_fd, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + 20
        while True:
            answer = self.message(deadline)
            if answer.get("id") == self.count:
                if "error" in answer:
                    raise RuntimeError(answer["error"]["message"])
                return answer["result"]

    def page(self, method, **params):
        """Send a command to the page."""
        return self.call(method, self.session, **params)

    def evaluate(self, expression):
        """The value of a JavaScript expression in the page."""
        result = self.page("Runtime.evaluate", expression=expression,
                           returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"]["text"])
        return result["result"].get("value")

    def until(self, expression, timeout=10):
        """Evaluate until the value is truthy (the page may be reloading)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                value = self.evaluate(expression)
            except RuntimeError:
                value = None
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError("never true in the page: " + expression)

    def click(self, selector):
        """Click the middle of an element with the mouse, as a person."""
        box = json.loads(self.evaluate(
            "JSON.stringify(document.querySelector({!r})"
            ".getBoundingClientRect())".format(selector)))
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        for kind in ("mousePressed", "mouseReleased"):
            self.page("Input.dispatchMouseEvent", type=kind, x=x, y=y,
                      button="left", clickCount=1)

    def type(self, selector, value):
        """Click into a field, select what it holds, and type ``value``."""
        self.click(selector)
        self.evaluate("document.querySelector({!r}).select()"
                      .format(selector))
        self.page("Input.insertText", text=value)

    def screenshot(self):
        """The whole page as PNG bytes."""
        size = self.page("Page.getLayoutMetrics")["cssContentSize"]
        return base64.b64decode(self.page(
            "Page.captureScreenshot", format="png", captureBeyondViewport=True,
            clip={"x": 0, "y": 0, "width": size["width"],
                  "height": size["height"], "scale": 1})["data"])

    def close(self):
        """Close the browser and wait for it to end."""
        try:
            self.call("Browser.close")
        except (AssertionError, OSError):
            pass  # It may end before it answers.
        finally:
            os.close(self.send_fd)
            os.close(self.read_fd)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


SHOWN = ("JSON.stringify(Array.from(document.querySelectorAll('li.state'))"
         ".map(s => s.querySelector('.name').innerText + ' ' +"
         " s.querySelector('.version').innerText))")


def test_the_page_in_a_browser(made, tmp_path):
    """Chromium adds a state and renames it; a stale rename is a 409."""
    database = made("sqlite", ready=True)
    web = Web(database.url, argv=("bin/web", database.url))
    browser = Browser(str(tmp_path / "profile"))
    try:
        browser.page("Emulation.setDeviceMetricsOverride", width=800,
                     height=600, deviceScaleFactor=1, mobile=False)
        browser.page("Page.navigate",
                     url="http://127.0.0.1:{}/".format(web.port))
        shown = ["California v1", "Arizona v1", "Texas v1", "New York v1",
                 "Nevada v1"]
        assert json.loads(browser.until(
            "document.readyState == 'complete' && " + SHOWN)) == shown
        browser.type("#name", "Oregon")
        browser.click("#add-state button")
        assert json.loads(browser.until(
            "document.querySelectorAll('li.state').length == 6 && "
            + SHOWN)) == shown + ["Oregon v1"]
        browser.type("#state-6 input", "Oregon (OR)")
        browser.click("#state-6 button")
        assert json.loads(browser.until(
            "document.querySelector('#state-6 .version').innerText == 'v2'"
            " && " + SHOWN))[-1] == "Oregon (OR) v2"
        png = browser.screenshot()
        # Someone else renames Texas after the page showed it.
        assert web.call("PATCH", "/api/states/3", {
            "name": "Tejas", "version": 1})[0] == 200
        browser.type("#state-3 input", "Texas!")
        browser.click("#state-3 button")
        assert browser.until("document.getElementById('error').innerText"
                             ) == ("version 1 is not the current one: the"
                                   " state changed since it was read")
    finally:
        browser.close()
        web.stop()
    assert database.rows("SELECT id, name, version FROM states WHERE id"
                         " IN (3, 6) ORDER BY id") == [
        ["3", "Tejas", "2"], ["6", "Oregon (OR)", "2"]]
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    # Kept beside the run, not over the page's committed picture: a test
    # run leaves the project's files as they were.
    folder = ROOT / ".local" / "artifacts"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "page.png").write_bytes(png)


# --- The part's files keep the house rules ---------------------------------

PYTHON = sorted(p for p in PART.rglob("*.py") if "__pycache__" not in p.parts)
STEPS = sorted(PART.glob("[0-9]*-*.py"), key=lambda p: int(p.name.split(
    "-")[0]))


def test_the_part_is_pycodestyle_clean():
    """The part's files are clean for pycodestyle, the house style."""
    proc = subprocess.run(["pycodestyle", str(PART)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, b"", b"")


@pytest.mark.parametrize("path", PYTHON, ids=lambda p: p.name)
def test_the_part_has_real_docstrings(path):
    """The module, every class and every function open with a sentence."""
    tree = ast.parse(path.read_text("utf-8"))
    nodes = [tree] + [n for n in ast.walk(tree) if isinstance(
        n, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))]
    for node in nodes:
        doc = " ".join((ast.get_docstring(node) or "").split("\n\n")[0]
                       .split())
        assert doc.endswith(".") and doc[:1].isupper() \
            and len(doc.split()) >= 4, (path.name, getattr(node, "name", ""))


def test_the_steps_are_runnable_and_the_kit_is_small():
    """Steps 0-12 in order, executable, the venv's shebang; kit smaller."""
    assert [int(p.name.split("-")[0]) for p in STEPS] == list(range(13))
    for path in STEPS:
        assert path.read_bytes().split(b"\n", 1)[0] == \
            b"#!/usr/bin/env python3"
        assert os.access(path, os.X_OK)
    kit = len((PART / "kit.py").read_text().split("\n"))
    assert kit < sum(len(p.read_text().split("\n")) for p in STEPS) / 4
    for path in STEPS + [PART / "kit.py"]:
        assert not re.search(r"password\s*=\s*['\"]",
                             path.read_text("utf-8")), path
