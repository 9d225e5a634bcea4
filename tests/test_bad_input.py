"""What people actually type: every step, against the real server.

Wrong argument counts, a wrong password, an unknown user or database, no
server listening, a table that does not exist yet, a socket-only account
(error 1698) and bytes that are not UTF-8 must each end in one line on
stderr (with a hint where one is known), exit status 1, no traceback and
nothing on stdout.  A password full of URL syntax must work in every step,
raw and ORM, and never show up in any output.

The test creates its own accounts, ``hbtn_t_<pid>_...``, granted only on
the throw-away databases of this run (``hbtn_t<pid>_...``), and drops
them at the end.
"""
import os
import re
from concurrent.futures import ThreadPoolExecutor

import MySQLdb
import pytest

import hints
from conftest import (ROOT, Databases, connect, free_port, lines, load_states,
                      ok, query, run, step)


SCRIPTS = sorted((p.name for p in ROOT.glob("[0-9]*-*.py")),
                 key=lambda name: int(name.split("-")[0]))
NAMED = {"2-my_filter_states.py", "3-my_safe_filter_states.py",
         "5-filter_cities.py", "10-model_state_my_get.py"}
CREATORS = {"6-model_state.py", "100-relationship_states_cities.py"}
RAW = {s for s in SCRIPTS if int(s.split("-")[0]) <= 5}

PID = os.getpid()
PW_USER = "hbtn_t_{}_pw".format(PID)
GHOST = "hbtn_t_{}_ghost".format(PID)
SOCK_USER = "hbtn_t_{}_sock".format(PID)
PASSWORD = "p@ss:w/rd#%?&="
WRONG = "Wr0ng:p@ss/w#%?&="
HOSTS = ("localhost", "%")

STATES = ["California", "Arizona", "Texas", "New York", "Nevada"]
CITIES = [(1, "San Francisco"), (1, "San Jose"), (1, "Los Angeles"),
          (1, "Fremont"), (1, "Livermore"), (2, "Page"), (2, "Phoenix"),
          (3, "Dallas"), (3, "Houston"), (3, "Austin"), (4, "New York"),
          (5, "Las Vegas"), (5, "Reno"), (5, "Henderson"),
          (5, "Carson City")]


def admin_version():
    """The server's version string (MariaDB's says so)."""
    return query(None, "SELECT VERSION()")[0][0]


def admin(*statements):
    """Run administrative statements (no parameters) as the test login."""
    db = connect()
    try:
        cur = db.cursor()
        for sql in statements:
            cur.execute(sql)
    finally:
        db.close()


def drop_users():
    """Drop every account this module may have created."""
    admin(*("DROP USER IF EXISTS '{}'@'{}'".format(user, host)
            for user in (PW_USER, GHOST, SOCK_USER) for host in HOSTS))


@pytest.fixture(scope="module")
def world():
    """Throw-away databases and accounts shared by this module's tests.

    Yields a dict: ``made`` (the Databases object), ``empty`` (a database
    without tables) and ``socket_user`` (True when a unix_socket account
    could be created).
    """
    made = Databases()
    try:
        empty = made.new()
        pattern = empty.rsplit("_", 1)[0].replace("_", r"\_") + r"\_%"
        drop_users()
        try:
            for host in HOSTS:
                db = connect()
                try:
                    db.cursor().execute(
                        "CREATE USER '{}'@'{}' IDENTIFIED BY {}".format(
                            PW_USER, host, db.literal(PASSWORD).decode()))
                finally:
                    db.close()
                admin("GRANT ALL PRIVILEGES ON `{}`.* TO '{}'@'{}'".format(
                    pattern, PW_USER, host))
        except MySQLdb.Error as error:
            pytest.fail("these tests need a login that may CREATE USER and"
                        " GRANT (root on the project's server): {}"
                        .format(error))
        socket_user = True
        try:
            admin("CREATE USER '{}'@'localhost' IDENTIFIED VIA unix_socket"
                  .format(SOCK_USER),
                  "GRANT ALL PRIVILEGES ON `{}`.* TO '{}'@'localhost'"
                  .format(pattern, SOCK_USER))
        except MySQLdb.Error:
            # MySQL has no unix_socket plugin loaded by default; MariaDB,
            # which bin/test starts, always has.
            socket_user = "MariaDB" in admin_version()
            if socket_user:
                raise
        yield {"made": made, "empty": empty, "socket_user": socket_user}
    finally:
        drop_users()
        made.drop_all()


def cases_for(script, world):
    """Return {case: (argv after the script, extra environment)}."""
    db = world["empty"]
    missing = db.rsplit("_", 1)[0] + "_nosuch"
    extra = ("Texas",) if script in NAMED else ()
    good = (PW_USER, PASSWORD, db) + extra
    cases = {
        "usage_none": ((), {}),
        "usage_short": (good[:-1], {}),
        "usage_long": (good + ("extra",), {}),
        "wrong_password": ((PW_USER, WRONG, db) + extra, {}),
        "unknown_user": ((GHOST, PASSWORD, db) + extra, {}),
        "unknown_database": ((PW_USER, PASSWORD, missing) + extra, {}),
        "no_server_tcp": (good, {"MYSQL_HOST": "127.0.0.1",
                                 "MYSQL_TCP_PORT": str(free_port())}),
        "no_server_socket": (good, {"MYSQL_HOST": "localhost",
                                    "MYSQL_UNIX_PORT":
                                    "/nonexistent/mysqld.sock"}),
        "bytes_user": ((b"r\xe9ot", PASSWORD, db) + extra, {}),
        "bytes_password": ((PW_USER, b"p@ss\xff", db) + extra, {}),
        "bytes_database": ((PW_USER, PASSWORD, b"hbtn_\xe9") + extra, {}),
    }
    if script in NAMED:
        cases["bytes_state_name"] = (good[:-1] + (b"Tex\xe4s",), {})
    cases["missing_table"] = (good, {})
    if world["socket_user"] and os.environ.get(
            "MYSQL_HOST", "localhost") == "localhost":
        cases["socket_only_account"] = (
            (SOCK_USER, PASSWORD, db) + extra, {})
    return {case: spec for case, spec in cases.items()
            if applies(script, case)}


BASE_CASES = ["usage_none", "usage_short", "usage_long", "wrong_password",
              "unknown_user", "unknown_database", "no_server_tcp",
              "no_server_socket", "missing_table", "socket_only_account",
              "bytes_user", "bytes_password", "bytes_database",
              "bytes_state_name"]


def applies(script, case):
    """Tell whether ``case`` makes sense for ``script``."""
    if case == "missing_table":
        return script not in CREATORS
    if case == "bytes_state_name":
        return script in NAMED
    return True


PAIRS = [(script, case) for script in SCRIPTS for case in BASE_CASES
         if applies(script, case)]

EXPECTED = {
    "wrong_password": ("Error 1045: ", "hint: the password is wrong"),
    "unknown_user": ("Error 1", "no such user exists"),
    "unknown_database": ("Error 1049: ", "load its file from sql/"),
    "no_server_tcp": ("Error 200", "MYSQL_TCP_PORT"),
    "no_server_socket": ("Error 2002: ", "mysqladmin ping"),
    "missing_table": ("Error 1146: ", "6-model_state.py first"),
    "socket_only_account": ("Error 1698: ", "unix socket"),
    "bytes_user": ("Error: an argument is not valid text", "UTF-8"),
    "bytes_password": ("Error: an argument is not valid text", "UTF-8"),
    "bytes_database": ("Error: an argument is not valid text", "UTF-8"),
    "bytes_state_name": ("Error: an argument is not valid text", "UTF-8"),
}


@pytest.fixture(scope="module")
def outcomes(world):
    """Run every (script, case) once, a few at a time; map them to results.

    The runs are independent (none of them can change anything), so they
    go in parallel to keep the module quick.
    """
    jobs = {(script, case): spec for script in SCRIPTS
            for case, spec in cases_for(script, world).items()}
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {key: pool.submit(run, key[0], *args, env=env, timeout=60)
                   for key, (args, env) in jobs.items()}
        return {key: future.result() for key, future in futures.items()}


def test_every_step_is_covered():
    """The module knows every numbered script of the collection."""
    assert len(SCRIPTS) == 18, SCRIPTS
    assert NAMED <= set(SCRIPTS) and CREATORS <= set(SCRIPTS)


@pytest.mark.parametrize("script,case", PAIRS)
def test_one_line_on_stderr_and_exit_1(script, case, outcomes):
    """A bad invocation ends in one stderr line, exit 1, empty stdout."""
    assert (script, case) in outcomes or case == "socket_only_account", case
    if (script, case) not in outcomes:
        # Error 1698 cannot be produced here (MySQL, or a server elsewhere):
        # check the line the step would print for it instead.
        line = hints.explain(MySQLdb.OperationalError(
            1698, "Access denied for user 'root'@'localhost'"))
        assert line.startswith("Error 1698: Access denied") and \
            "sudo mysql" in line, line
        return
    proc = outcomes[script, case]
    shown = "stdout={!r} stderr={!r}".format(proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr, shown
    assert proc.returncode == 1, shown
    assert proc.stdout == "", shown
    assert proc.stderr.endswith("\n") and proc.stderr.count("\n") == 1, shown
    for secret in (PASSWORD, WRONG, "p@ss"):
        assert secret not in proc.stdout + proc.stderr, shown
    if case.startswith("usage"):
        names = "mysql_username mysql_password database_name"
        if script in NAMED:
            names += " state_name"
        pattern = r"Usage: \S*{} {}\n\Z".format(re.escape(script), names)
        assert re.match(pattern, proc.stderr), shown
    else:
        start, hint = EXPECTED[case]
        assert proc.stderr.startswith(start), shown
        if case == "unknown_user":
            # MariaDB fakes an unknown user with the plugin of a random
            # account, so a unix_socket account elsewhere can turn 1045
            # into 1698: both must say the user may not exist.
            assert re.match("Error (1045|1698): ", proc.stderr), shown
        if case == "missing_table" and script in RAW:
            hint = "load the task database from sql/"
        assert hint in proc.stderr, shown


def test_special_password_walks_the_whole_path(world):
    """A password with @ : / # % ? & = works in every step, raw and ORM."""
    made = world["made"]

    def run_as(script, database, *args):
        """Run a step as the special-password account; return stdout."""
        proc = run(script, PW_USER, PASSWORD, database, *args)
        assert (proc.returncode, proc.stderr) == (0, ""), (script, proc)
        return proc.stdout

    tuples = [(i + 1, name) for i, name in enumerate(STATES)]
    db0 = made.new("hbtn_0e_0_usa")
    assert run_as("0-select_states.py", db0) == lines(tuples)
    assert run_as("1-filter_states.py", db0) == lines(tuples[3:])
    assert run_as("2-my_filter_states.py", db0, "Arizona") == lines(
        tuples[1:2])
    assert run_as("3-my_safe_filter_states.py", db0, "Arizona") == lines(
        tuples[1:2])
    db4 = made.new("hbtn_0e_4_usa")
    assert run_as("4-cities_by_state.py", db4) == lines((
        (i + 1, city, STATES[state - 1])
        for i, (state, city) in enumerate(CITIES)))
    assert run_as("5-filter_cities.py", db4, "Texas") == (
        "Dallas, Houston, Austin\n")
    db6 = made.new("hbtn_0e_6_usa")
    assert run_as("6-model_state.py", db6) == ""
    load_states(db6)
    listed = "".join("{}: {}\n".format(*row) for row in tuples)
    assert run_as("7-model_state_fetch_all.py", db6) == listed
    assert run_as("8-model_state_fetch_first.py", db6) == "1: California\n"
    assert run_as("9-model_state_filter_a.py", db6) == "".join(
        "{}: {}\n".format(*row) for row in tuples if "a" in row[1])
    assert run_as("10-model_state_my_get.py", db6, "Texas") == "3\n"
    assert run_as("11-model_state_insert.py", db6) == "6\n"
    assert run_as("12-model_state_update_id_2.py", db6) == ""
    assert run_as("13-model_state_delete_a.py", db6) == ""
    assert run_as("7-model_state_fetch_all.py", db6) == (
        "2: New Mexico\n4: New York\n")
    db14 = made.new("hbtn_0e_14_usa")
    assert run_as("14-model_city_fetch_by_state.py", db14) == "".join(
        "{}: ({}) {}\n".format(STATES[state - 1], i + 1, city)
        for i, (state, city) in enumerate(CITIES))
    db100 = made.new("hbtn_0e_100_usa")
    assert run_as("100-relationship_states_cities.py", db100) == ""
    assert run_as("101-relationship_states_cities_list.py", db100) == (
        "1: California\n\t1: San Francisco\n")
    db101 = made.new("hbtn_0e_101_usa")
    assert run_as("102-relationship_cities_states_list.py", db101) == (
        "".join("{}: {} -> {}\n".format(i + 1, city, STATES[state - 1])
                for i, (state, city) in enumerate(CITIES)))


TRICKY = ["O'Brien", 'Say "hi"', "back\\slash", "100%", "a_b", "\U0001f984",
          "\u00d1and\u00fa", "Z\u00fcrich", "\u6771\u4eac", " padded ",
          "it''s", "%", "_", "\\'", "tab\there"]
NEAR_MISSES = ["o'brien", "100", "a%b", "aXb", "Nandu", "Zurich", "padded",
               " padded", "' OR '1'='1", "it's", "\\", "ab", "\U0001f985",
               "Say \\\"hi\\\""]


@pytest.fixture(scope="module")
def tricky_db(world):
    """A copy of hbtn_0e_4_usa plus states with tricky names, one city each.

    Returns (database, [(id, name)] of the tricky states).
    """
    db = world["made"].new("hbtn_0e_4_usa")
    conn = connect(db)
    try:
        cur = conn.cursor()
        added = []
        for name in TRICKY:
            cur.execute("INSERT INTO states (name) VALUES (%s)", (name,))
            state_id = cur.lastrowid
            cur.execute("INSERT INTO cities (state_id, name) VALUES (%s, %s)",
                        (state_id, "City of " + name))
            added.append((state_id, name))
    finally:
        conn.close()
    return db, added


@pytest.mark.parametrize("index", range(len(TRICKY)))
def test_tricky_names_are_found_exactly(tricky_db, index):
    """Steps 3, 5 and 10 find a name with quotes or emoji by exact name."""
    db, added = tricky_db
    state_id, name = added[index]
    stored = query(db, "SELECT name FROM states WHERE id = %s", (state_id,))
    assert stored == [(name,)]
    assert ok("3-my_safe_filter_states.py", db, name) == lines(
        [(state_id, name)])
    assert ok("5-filter_cities.py", db, name) == "City of {}\n".format(name)
    assert ok("10-model_state_my_get.py", db, name) == "{}\n".format(
        state_id)


@pytest.mark.parametrize("name", NEAR_MISSES)
def test_near_misses_find_nothing(tricky_db, name):
    """A name that only looks like a stored one (case, wildcard) misses."""
    db, _ = tricky_db
    assert ok("3-my_safe_filter_states.py", db, name) == ""
    assert ok("5-filter_cities.py", db, name) == "\n"
    assert ok("10-model_state_my_get.py", db, name) == "Not found\n"


def test_step_0_prints_tricky_names_exactly(tricky_db):
    """Step 0 prints the stored names unchanged, utf8mb4 end to end."""
    db, added = tricky_db
    expected = [(i + 1, name) for i, name in enumerate(STATES)] + added
    assert ok("0-select_states.py", db) == lines(expected)


def test_step_12_without_state_2_says_so(dbs):
    """Step 12 on a table with no id 2 prints one line and exits 1."""
    db = dbs.new("hbtn_0e_0_usa")
    query(db, "DELETE FROM states WHERE id = 2")
    proc = step("12-model_state_update_id_2.py", db)
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == (
        "Error: there is no state with id 2, nothing changed\n")
    assert query(db, "SELECT COUNT(*) FROM states") == [(4,)]
