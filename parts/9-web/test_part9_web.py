"""Part 9: the states and cities as a web application (parts/9-web).

Flask's test client for every endpoint and error, with exact JSON and
what the server received; bin/web as a real process over real HTTP,
under 20 concurrent clients and hostile names; Ctrl-C; and the page in a
real browser (headless Chromium, driven over its DevTools pipe).
"""
import ast
import base64
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from html import unescape

import pytest

from conftest import (PASSWORD, ROOT, USER, Databases, data_selects,
                      free_port, mysql_cli, query, run_part, server_log,
                      venv)
from lesson import hostile
from lesson import injection

PART = ROOT / "parts" / "9-web"
RESET = "parts/9-web/0-reset_database.py"
AS_DICT = "parts/9-web/1-row_as_dict.py"
JSON = "application/json"
HTML = "text/html; charset=utf-8"
STATES = ('[{"id":1,"name":"California"},{"id":2,"name":"Arizona"},'
          '{"id":3,"name":"Texas"},{"id":4,"name":"New York"},'
          '{"id":5,"name":"Nevada"}]\n')
ARIZONA = ('{"id":2,"name":"Arizona","cities":[{"id":6,"name":"Page"},'
           '{"id":7,"name":"Phoenix"}]}\n')
TEXAS_CITIES = ('[{"id":8,"name":"Dallas"},{"id":9,"name":"Houston"},'
                '{"id":10,"name":"Austin"}]\n')
# The rows step 0 makes: the task's five states and fifteen cities.
CITIES = {
    "California": ["San Francisco", "San Jose", "Los Angeles", "Fremont",
                   "Livermore"],
    "Arizona": ["Page", "Phoenix"],
    "Texas": ["Dallas", "Houston", "Austin"],
    "New York": ["New York"],
    "Nevada": ["Las Vegas", "Reno", "Henderson", "Carson City"],
}
EXAMPLE = ', such as {\\"name\\": \\"Oregon\\"}'


def error(message):
    """The exact body of an API error."""
    return '{"error":"' + message + '"}\n'


def as_json(value):
    """The exact text Flask sends for ``value``: compact, UTF-8, newline."""
    return json.dumps(value, ensure_ascii=False,
                      separators=(",", ":")) + "\n"


def reset(database):
    """Run step 0 on ``database``; it must say what it made."""
    proc = run_part(RESET, USER, PASSWORD, database)
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        0, database + ": 5 states, 15 cities\n", "")
    return database


def rows(database):
    """Every state and every city of ``database``, as the server has them."""
    return (query(database, "SELECT id, name FROM states ORDER BY id"),
            query(database, "SELECT id, state_id, name FROM cities"
                            " ORDER BY id"))


@pytest.fixture(scope="module")
def after_step_0():
    """A database step 0 made, and the SQL that makes its tables again.

    Copying it is much cheaper than running the step for every test.
    """
    made = Databases()
    try:
        database = reset(made.new())
        yield database, "".join(
            query(database, "SHOW CREATE TABLE " + table)[0][1] + ";"
            for table in ("states", "cities"))
    finally:
        made.drop_all()


@pytest.fixture
def made(dbs, after_step_0):
    """A throw-away copy of what step 0 makes: tables, keys and rows."""
    source, tables = after_step_0
    database = dbs.new()
    mysql_cli(tables + "INSERT INTO states SELECT * FROM {0}.states;"
              "INSERT INTO cities SELECT * FROM {0}.cities;".format(source),
              database)
    return database


# --- The steps -----------------------------------------------------------

def test_reset_makes_the_task_rows_and_starts_over(dbs):
    """Step 0 gives the task's ids and names, the same after any change."""
    made = reset(dbs.new())
    states, cities = rows(made)
    assert [name for _, name in states] == list(CITIES)
    assert [i for i, _ in states] == [1, 2, 3, 4, 5]
    in_order = [(state, name) for state, names in
                enumerate(CITIES.values(), 1) for name in names]
    assert cities == [(i, s, n) for i, (s, n) in enumerate(in_order, 1)]
    query(made, "DELETE FROM cities WHERE state_id = 1")
    query(made, "INSERT INTO states (name) VALUES ('Extra')")
    reset(made)
    assert rows(made) == (states, cities)


def test_reset_refuses_the_task_databases():
    """Step 0 never drops a task database's tables: one line, exit 1."""
    before = rows("hbtn_0e_101_usa")
    proc = run_part(RESET, USER, PASSWORD, "hbtn_0e_101_usa")
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == (
        "Error: hbtn_0e_101_usa is one of the task's databases, and this"
        " step drops its tables (hint: give the part a database of its"
        " own, such as hbtn_9_web)\n")
    assert rows("hbtn_0e_101_usa") == before


def test_a_row_as_a_dictionary(made):
    """Step 1 prints a state and its cities as Python dictionaries."""
    proc = run_part(AS_DICT, USER, PASSWORD, made, "2")
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == ("{'id': 2, 'name': 'Arizona', 'cities': [{'id':"
                           " 6, 'name': 'Page'}, {'id': 7, 'name':"
                           " 'Phoenix'}]}\n")
    proc = run_part(AS_DICT, USER, PASSWORD, made, "99")
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        0, "Not found\n", "")
    proc = run_part(AS_DICT, USER, "not-the-password", made, "2")
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith("Error 1045: Access denied")
    assert "not-the-password" not in proc.stderr
    assert proc.stderr.count("\n") == 1


# --- Flask's test client -------------------------------------------------

CLIENT = r"""
import json
import sys

from webapp import create_app
from webapp.config import from_login

client = create_app(from_login(*sys.argv[2:5])).test_client()
answers = []
for method, path, options in json.loads(sys.stdin.read()):
    reply = client.open(path, method=method, **options)
    answers.append([reply.status_code, reply.content_type,
                    reply.get_data(as_text=True),
                    reply.headers.get("Location")])
print(json.dumps(answers))
"""


def client(database, *requests, log=""):
    """Send requests through Flask's test client, in the virtualenv.

    Each request is (method, path, keyword arguments of client.open);
    returns (status, content type, body, Location) for each, in order.
    What the application logged must match the pattern ``log``.
    """
    proc = subprocess.run(
        [str(venv() / "bin" / "python"), "-c", CLIENT, str(PART), USER,
         PASSWORD, database], input=json.dumps(requests).encode("utf-8"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60,
        env=dict(os.environ, LANG="C.UTF-8", PYTHONPATH=str(PART)))
    assert proc.returncode == 0, proc.stderr.decode()
    assert re.fullmatch(log, proc.stderr.decode()), proc.stderr.decode()
    return [tuple(answer) for answer in json.loads(proc.stdout)]


def post(body=None, **options):
    """A POST /api/states request for client(), JSON unless told."""
    if body is not None:
        options["json"] = body
    return ("POST", "/api/states", options)


def get(path, **options):
    """A GET request for client()."""
    return ("GET", path, options)


def test_reading_endpoints(made):
    """Every GET answers the exact JSON; unknown ids and URLs a JSON 404."""
    assert client(
        made, get("/api/states"), get("/api/states/2"),
        get("/api/states/4"), get("/api/states/99"),
        get("/api/states/abc"), get("/api/cities?state=Texas"),
        get("/api/cities", query_string={"state": "texas"}),
        get("/api/cities", query_string={"state": "Texas "}),
        get("/api/cities", query_string={"state": "Hawaii"}),
        get("/api/cities"), get("/api/nowhere"),
        ("PUT", "/api/states/1", {}),
    ) == [
        (200, JSON, STATES, None),
        (200, JSON, ARIZONA, None),
        (200, JSON, '{"id":4,"name":"New York","cities":[{"id":11,'
                    '"name":"New York"}]}\n', None),
        (404, JSON, error("no state with id 99"), None),
        (404, JSON, error("Not Found"), None),
        (200, JSON, TEXAS_CITIES, None),
        (200, JSON, "[]\n", None),
        (200, JSON, "[]\n", None),
        (200, JSON, "[]\n", None),
        (400, JSON, error("the state parameter is missing:"
                          " /api/cities?state=Texas"), None),
        (404, JSON, error("Not Found"), None),
        (405, JSON, error("Method Not Allowed"), None),
    ]


BAD_BODIES = [
    (post(data="name=Oregon",
          content_type="application/x-www-form-urlencoded"),
     "the body must be JSON" + EXAMPLE),
    (post(data='{"name": "Oregon"}', content_type="text/plain"),
     "the body must be JSON" + EXAMPLE),
    (post(data='{"name": ', content_type=JSON),
     "the body must be JSON" + EXAMPLE),
    (post(["Oregon"]), "the body must be a JSON object" + EXAMPLE),
    (post("Oregon"), "the body must be a JSON object" + EXAMPLE),
    (post({}), "the name is missing" + EXAMPLE),
    (post({"name": "Oregon", "id": 1}),
     'unexpected field \\"id\\": only \\"name\\" is accepted'),
    (post({"name": None}), "the name must be a string" + EXAMPLE),
    (post({"name": 7}), "the name must be a string" + EXAMPLE),
    (post({"name": ["Oregon"]}), "the name must be a string" + EXAMPLE),
    (post({"name": ""}), "the name is empty"),
    (post({"name": " \t "}), "the name is empty"),
    (post({"name": "x" * 129}), "the name is longer than 128 characters"),
    (post(data='{"name": "\\ud800"}', content_type=JSON),
     "the name is not valid Unicode text"),
]


def test_a_bad_body_is_a_400_and_writes_nothing(made):
    """Each invalid POST answers 400 and its reason; no row changes."""
    before = rows(made)
    big = post(data=json.dumps({"name": "x" * 20000}), content_type=JSON)
    answers = client(made, *[request for request, _ in BAD_BODIES], big)
    assert answers == [(400, JSON, error(message), None)
                       for _, message in BAD_BODIES] + [
        (413, JSON, error("Request Entity Too Large"), None)]
    assert rows(made) == before


def test_adding_and_deleting(made):
    """POST gives 201, the state and its URL; DELETE takes its cities."""
    states, cities = rows(made)
    assert client(
        made, post({"name": "Oregon"}), post({"name": "y" * 128}),
        ("DELETE", "/api/states/2", {}), get("/api/states/2"),
        ("DELETE", "/api/states/2", {}), get("/api/states"),
    ) == [
        (201, JSON, '{"id":6,"name":"Oregon"}\n', "/api/states/6"),
        (201, JSON, as_json({"id": 7, "name": "y" * 128}),
         "/api/states/7"),
        (204, None, "", None),
        (404, JSON, error("no state with id 2"), None),
        (404, JSON, error("no state with id 2"), None),
        (200, JSON, as_json(
            [{"id": i, "name": n} for i, n in states if i != 2]
            + [{"id": 6, "name": "Oregon"}, {"id": 7, "name": "y" * 128}]),
         None),
    ]
    assert rows(made) == (
        [s for s in states if s[0] != 2] + [(6, "Oregon"), (7, "y" * 128)],
        [c for c in cities if c[1] != 2])


def test_what_the_server_receives(made):
    """One SELECT (a JOIN) for a state and its cities, two for the page,
    the name compared as bytes, and for a new state an INSERT with no
    SELECT after it."""
    with server_log(made) as received:
        answers = client(made, get("/api/states/1"), get("/"),
                         get("/api/cities?state=Texas"),
                         post({"name": "Oregon"}))
    assert [status for status, _, _, _ in answers] == [200, 200, 200, 201]
    one, states, cities, by_name = data_selects(received)
    assert "WHERE CAST(states.name AS BINARY) = 'Texas'" in by_name
    assert "JOIN cities" in one and "WHERE states.id = 1" in one
    assert "FROM states ORDER BY states.id" in states
    assert "FROM cities" in cities and "IN (1, 2, 3, 4, 5)" in cities
    # The pool's ROLLBACKs (a connection coming back) aside.
    sent = [arg for kind, arg in received if kind == "Query"
            and arg != "ROLLBACK"]
    assert sent[sent.index(by_name) + 1:] == [
        "INSERT INTO states (name) VALUES ('Oregon')", "COMMIT"]


def test_a_database_failure_is_one_line_and_a_500(made):
    """A failing query: a JSON 500 without the server's message, one
    line in the log, and the next request served as usual."""
    query(made, "DROP TABLE cities")
    failed = "the database failed: the server's log says why"
    line = (r"\[[^]]+\] ERROR in errors: Error 1146: Table '{}\.cities'"
            r" doesn't exist \(hint: [^\n]+\)\n".format(made))
    assert client(made, get("/api/states/1"), get("/"), get("/api/states"),
                  log=line * 2) == [
        (500, JSON, error(failed), None),
        (500, "text/plain; charset=utf-8", failed + "\n", None),
        (200, JSON, STATES, None)]


FROM_ENVIRONMENT = r"""
import os
import sys

from webapp import create_app
from webapp.config import from_login
from webapp.serve import parse

try:
    create_app()
except KeyError as error:
    print(error.args[0])
url = from_login(*sys.argv[2:5]).render_as_string(hide_password=False)
os.environ["DATABASE_URL"] = url
print(create_app().test_client().get("/api/states/4").get_data(True), end="")
print(parse(["user", "password", "database"]))
"""


def test_the_url_comes_from_the_environment(made):
    """create_app() alone reads DATABASE_URL; bin/web's port is 5000."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PYTHONPATH"] = str(PART)
    proc = subprocess.run(
        [str(venv() / "bin" / "python"), "-c", FROM_ENVIRONMENT, str(PART),
         USER, PASSWORD, made], stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, timeout=60, env=env)
    assert (proc.returncode, proc.stderr.decode()) == (0, "")
    assert proc.stdout.decode() == (
        "DATABASE_URL is not set: give the application a database URL\n"
        '{"id":4,"name":"New York","cities":[{"id":11,"name":"New York"}]}'
        "\n('user', 'password', 'database', 5000)\n")


def test_the_page_through_the_client(made):
    """The page lists every state, then its cities, in id order."""
    ((status, kind, page, _),) = client(made, get("/"))
    assert (status, kind) == (200, HTML)
    assert on_page(page) == list(CITIES.items())


def on_page(page):
    """The (state, [cities]) the page's HTML lists, in its order."""
    found = []
    for item in re.findall(r'<li class="state".*?</ul>', page, re.S):
        name = re.search(r'<span class="name">(.*?)</span>', item, re.S)
        found.append((unescape(name.group(1)), [
            unescape(c) for c in re.findall(r'<li class="city"[^>]*>(.*?)'
                                            r'</li>', item, re.S)]))
    return found


# --- bin/web, a real server ----------------------------------------------

OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Web:
    """bin/web serving a database on a free port, as its own process."""

    def __init__(self, database):
        self.database, self.port = database, free_port()
        self.proc = subprocess.Popen(
            [str(ROOT / "bin" / "web"), USER, PASSWORD, database, "--port",
             str(self.port)], cwd=ROOT, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=dict(os.environ, LANG="C.UTF-8"))
        banner = "Serving {} on http://127.0.0.1:{}/ (Ctrl-C stops it)\n" \
            .format(database, self.port)
        ready, _, _ = select.select([self.proc.stdout], [], [], 30)
        line = self.proc.stdout.readline().decode() if ready else ""
        if line != banner:
            self.proc.kill()
            _, err = self.proc.communicate()
            raise AssertionError((line, err.decode()))

    def url(self, path):
        """The full URL of ``path`` on this server."""
        return "http://127.0.0.1:{}{}".format(self.port, path)

    def call(self, method, path, body=None):
        """Send one request; return (status, content type, body text)."""
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            self.url(path), data=data, method=method,
            headers={"Content-Type": JSON} if data else {})
        try:
            with OPENER.open(request, timeout=30) as reply:
                return (reply.status, reply.headers["Content-Type"],
                        reply.read().decode("utf-8"))
        except urllib.error.HTTPError as reply:
            return (reply.code, reply.headers["Content-Type"],
                    reply.read().decode("utf-8"))

    def stop(self):
        """Ctrl-C: it must stop with one line, exit 0, nothing on stderr."""
        self.proc.send_signal(signal.SIGINT)
        out, err = self.proc.communicate(timeout=20)
        assert (self.proc.returncode, out.decode(), err.decode()) == (
            0, "Stopped.\n", "")


@pytest.fixture
def web(made):
    """bin/web serving a database just reset by step 0."""
    server = Web(made)
    yield server
    if server.proc.poll() is None:
        server.stop()


def test_the_endpoints_over_http(web):
    """The same answers over real HTTP, from waitress."""
    assert [web.call(*request) for request in (
        ("GET", "/api/states"), ("GET", "/api/states/2"),
        ("GET", "/api/states/99"),
        ("GET", "/api/cities?state=" + urllib.parse.quote("Texas")),
        ("GET", "/api/cities?state=Texas%20"),
        ("POST", "/api/states", {"name": "Oregon"}),
        ("POST", "/api/states", {"name": ""}),
        ("DELETE", "/api/states/2"), ("GET", "/api/states/2"),
        ("GET", "/api/cities?state=Arizona"))] == [
        (200, JSON, STATES), (200, JSON, ARIZONA),
        (404, JSON, error("no state with id 99")),
        (200, JSON, TEXAS_CITIES), (200, JSON, "[]\n"),
        (201, JSON, '{"id":6,"name":"Oregon"}\n'),
        (400, JSON, error("the name is empty")),
        (204, None, ""), (404, JSON, error("no state with id 2")),
        (200, JSON, "[]\n")]
    status, kind, page = web.call("GET", "/")
    assert (status, kind) == (200, HTML)
    assert on_page(page) == [
        item for item in CITIES.items() if item[0] != "Arizona"] + [
        ("Oregon", [])]


def test_twenty_clients_add_five_hundred_states(web):
    """20 clients at once, 25 states each: 500 rows, unique ids, all 201."""
    def client_(number):
        """Add 25 states, one request after another; return the answers."""
        return [web.call("POST", "/api/states",
                         {"name": "Load {:02d}-{:02d}".format(number, n)})
                for n in range(25)]

    with ThreadPoolExecutor(20) as pool:
        answers = [a for batch in pool.map(client_, range(20))
                   for a in batch]
    assert len(answers) == 500
    assert {(status, kind) for status, kind, _ in answers} == {(201, JSON)}
    made = [json.loads(body) for _, _, body in answers]
    ids = [state["id"] for state in made]
    assert len(set(ids)) == 500 and min(ids) > 5
    stored = query(web.database, "SELECT id, name FROM states WHERE id > 5")
    assert sorted(stored) == sorted((s["id"], s["name"]) for s in made)
    assert sorted(s["name"] for s in made) == sorted(
        "Load {:02d}-{:02d}".format(c, n) for c in range(20)
        for n in range(25))


# Quotes, %, _, backslashes, SQL, HTML, accents, an emoji, a trailing
# space: every name must come back exactly as it was sent.
HOSTILE = sorted(set(injection.CORPUS) | {
    "O'Higgins", 'Say "Hi"', "100% Maine", "New_Jersey", "Back\\slash",
    "Québec", "Ñuble", "Sonora \U0001f335", "Texas ", "Zürich",
    "<b>bold</b> & <script>alert(1)</script>", "Robert'); DROP TABLE"
    " states;--"})


def test_hostile_names_are_stored_and_returned_verbatim(dbs):
    """Every name is stored and returned byte for byte; ?state= is exact."""
    database = dbs.new()
    hostile.build(database)
    server = Web(database)
    try:
        added = {}
        for name in HOSTILE:
            status, _, body = server.call("POST", "/api/states",
                                          {"name": name})
            if len(name) > 128:
                assert status == 400
                continue
            assert status == 201, (name, body)
            state = json.loads(body)
            assert state["name"] == name
            added[state["id"]] = name
            assert server.call("GET", "/api/states/{}".format(state["id"])) \
                == (200, JSON, as_json(dict(state, cities=[])))
        assert dict(query(database, "SELECT id, name FROM states WHERE id"
                                    " IN ({})".format(",".join(
                                        map(str, added))))) == added
        raw = hostile.Rows(database)
        assert server.call("GET", "/api/states") == (200, JSON, as_json(
            [{"id": i, "name": n} for i, n in raw.states]))
        for name in hostile.NAMES + tuple(HOSTILE):
            expected = [{"id": i, "name": n} for i, s, n in raw.cities
                        if raw.state_name[s] == name]
            assert server.call("GET", "/api/cities?state=" +
                               urllib.parse.quote(name)) == (
                200, JSON, as_json(expected)), name
        _, _, page = server.call("GET", "/")
        assert "<script>" not in page
        assert [name for name, _ in on_page(page)] == [
            n for _, n in raw.states]
    finally:
        server.stop()


def test_ctrl_c_stops_it_and_frees_the_port(web):
    """SIGINT: "Stopped.", exit 0, and nothing listens on the port."""
    assert web.call("GET", "/api/states")[0] == 200
    web.stop()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", web.port), timeout=5)


def web_fails(*args, env=None):
    """Run bin/web where it must fail; return its one line on stderr."""
    proc = subprocess.run(
        [str(ROOT / "bin" / "web"), *args], cwd=ROOT, timeout=60,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=dict(os.environ, LANG="C.UTF-8", **(env or {})))
    assert (proc.returncode, proc.stdout) == (1, b"")
    line = proc.stderr.decode()
    assert line.count("\n") == 1 and "Traceback" not in line
    return line


def test_bin_web_refuses_bad_input_in_one_line(made):
    """Wrong arguments, login, database, port or virtualenv: one line."""
    usage = ("Usage: bin/web mysql_username mysql_password database_name"
             " [--port P]\n")
    with socket.socket() as taken, ThreadPoolExecutor(4) as pool:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        lines = list(pool.map(lambda args: web_fails(*args[1:], env=args[0]), [
            (None,), (None, USER, PASSWORD, made, "--port"),
            (None, USER, PASSWORD, made, "--port", "http"),
            (None, USER, "not-the-password", made),
            (None, USER, PASSWORD, "hbtn_t_no_such_db"),
            (None, USER, PASSWORD, made, "--port", port),
            ({"HBTN_VENV": "/nonexistent"}, USER, PASSWORD, made)]))
    assert lines[:3] == [usage, usage, (
        "Error: the port must be a number from 1 to 65535, such as"
        " --port 5000\n")]
    assert lines[3].startswith("Error 1045: Access denied")
    assert "not-the-password" not in lines[3]
    assert lines[4].startswith(
        "Error 1049: Unknown database 'hbtn_t_no_such_db'")
    assert lines[5:] == [
        "Error: cannot listen on 127.0.0.1:{}: Address already in use"
        " (hint: another server has it: stop that one, or choose"
        " another port with --port)\n".format(port),
        "bin/web: the parts' virtualenv (/nonexistent) is missing or has"
        " no Flask: set it up first (bin/tour 9)\n"]


# --- The page in a real browser ------------------------------------------

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
        self.count, self.held, self.events = 0, b"", []
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
        text, self.held = self.held.split(b"\0", 1)
        return json.loads(text)

    def call(self, method, session=None, **params):
        """Send one command and return its result (events are kept)."""
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
            self.events.append(answer.get("method"))

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

    def type(self, selector, text):
        """Click into a field, select what it holds, and type ``text``."""
        self.click(selector)
        self.evaluate("document.querySelector({!r}).select()"
                      .format(selector))
        self.page("Input.insertText", text=text)

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


# What the browser shows: each state's name and its cities, as rendered.
SHOWN = ("JSON.stringify(Array.from(document.querySelectorAll('li.state'))"
         ".map(s => [s.querySelector('.name').innerText, Array.from("
         "s.querySelectorAll('li.city')).map(c => c.innerText)]))")


def test_the_page_in_a_browser(web, tmp_path):
    """Chromium shows the states and cities, and its form adds a state."""
    browser = Browser(str(tmp_path / "profile"))
    try:
        browser.page("Emulation.setDeviceMetricsOverride", width=800,
                     height=600, deviceScaleFactor=1, mobile=False)
        browser.page("Page.navigate", url=web.url("/"))
        assert json.loads(browser.until(
            "document.readyState == 'complete' && document.querySelector("
            "'#states') && " + SHOWN)) == [
            [name, cities] for name, cities in CITIES.items()]
        browser.type("#name", " ")
        browser.click("#add-state button")
        assert browser.until("document.getElementById('error').innerText"
                             ) == "the name is empty"
        assert len(rows(web.database)[0]) == 5
        browser.type("#name", "Oregon")
        browser.click("#add-state button")
        shown = json.loads(browser.until(
            "document.querySelectorAll('li.state').length == 6 && " + SHOWN))
        assert shown == [[n, c] for n, c in CITIES.items()] + [
            ["Oregon", []]]
        assert rows(web.database)[0][-1] == (6, "Oregon")
        png = browser.screenshot()
    finally:
        browser.close()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    for shot in (ROOT / ".local" / "artifacts" / "9-web-page.png",
                 PART / "page.png"):
        shot.parent.mkdir(parents=True, exist_ok=True)
        shot.write_bytes(png)


# --- The part's files keep the house rules -------------------------------

# The part's own files; its tests, beside them, are not part of the lesson.
PYTHON = sorted(p for p in PART.rglob("*.py") if "__pycache__" not in p.parts
                and not p.name.startswith("test_"))


def test_the_part_is_pycodestyle_clean():
    """pycodestyle finds nothing in the part's files or in this one."""
    proc = subprocess.run(["pycodestyle", str(PART), __file__],
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


def test_the_steps_run_in_the_virtualenv():
    """The steps: the venv's shebang, executable, and no password."""
    for step in (RESET, AS_DICT):
        data = (ROOT / step).read_bytes()
        assert data.split(b"\n", 1)[0] == b"#!/usr/bin/env python3"
        assert os.access(ROOT / step, os.X_OK)
    for path in PYTHON:
        assert not re.search(r"password\s*=\s*['\"]",
                             path.read_text("utf-8")), path
