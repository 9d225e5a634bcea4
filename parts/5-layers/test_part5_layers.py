"""Part 5, SQLAlchemy's layers: every step run against the real server.

Exact stdout for every step; what the server received, from its general
query log, split per connection (thread id): the four layers send one
and the same statement, the 2.0 forms send what the task's steps send,
the pool logs in once for three checkouts and three times for five
threads, the disconnect steps really kill a connection and really fail
or recover, and the statement counts are the server's.  The logged runs
share one server_log() block, each group on a database of its own.
The page's transcripts (parts/5-layers/README.md) are tests/test_docs.py's to
run, not this file's: two runs at once would both reset hbtn_5_layers.
"""
import ast
import re
import sqlite3
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from sqlalchemy import create_engine, exc, text
from sqlalchemy.engine import URL

from conftest import (HOST, PASSWORD, PORT, ROOT, USER, Databases, connect,
                      query, run_part, server_log, step)
from lesson.path import CITIES_BY_STATE, ORM_FIVE, STATES_WITH_CITIES

PART = "parts/5-layers/"
STEPS = sorted((p.name for p in (ROOT / PART).glob("[0-9]*.py")),
               key=lambda name: int(name.split("-")[0]))
LAYERS = STEPS[:4]

N_OUT = "4: New York\n5: Nevada\n"
N_ERR = ("SELECT states.id, states.name\nFROM states\n"
         "WHERE states.name LIKE %s ORDER BY states.id\n('N%',)\n")
N_SENT = ("SELECT states.id, states.name \nFROM states \n"
          "WHERE states.name LIKE 'N%' ORDER BY states.id")
TASK = {"7": ("7-model_state_fetch_all.py", ORM_FIVE),
        "8": ("8-model_state_fetch_first.py", "1: California\n"),
        "10": ("10-model_state_my_get.py", "3\n"),
        "14": ("14-model_city_fetch_by_state.py", CITIES_BY_STATE),
        "101": ("101-relationship_states_cities_list.py",
                STATES_WITH_CITIES)}
WRITES = ("inserted 1, then 4 in one statement\nupdated 1, deleted 2\n"
          "2: New Mexico\n3: Texas\n4: New York\n")
REFLECTED = ("states: 5 rows\n  id INTEGER primary key\n"
             "  name VARCHAR(256) not null\ncities: 15 rows\n"
             "  id INTEGER primary key\n"
             "  state_id INTEGER not null -> states.id\n"
             "  name VARCHAR(256) not null\n")
DIALECTS = """\
-- mysql+mysqldb, paramstyle format
SELECT states.id, states.name AS `State`
FROM states
WHERE states.name LIKE %s ORDER BY states.id
 LIMIT %s
('N%', 2)
-- postgresql+psycopg, paramstyle pyformat
SELECT states.id, states.name AS "State"
FROM states
WHERE states.name LIKE %(name_1)s::VARCHAR ORDER BY states.id
 LIMIT %(param_1)s::INTEGER
{'name_1': 'N%', 'param_1': 2}
-- sqlite+pysqlite, paramstyle qmark
SELECT states.id, states.name AS "State"
FROM states
WHERE states.name LIKE ? ORDER BY states.id
 LIMIT ? OFFSET ?
('N%', 2, 0)
"""
REUSE = ("QueuePool: 3 checkouts, 1 server connection, the same one each"
         " time: yes\nNullPool: 3 checkouts, 3 server connections, the"
         " same one each time: no\n")
THREADS = ("5 threads, pool_size=2 max_overflow=1: 5 queries on 3 server"
           " connections\n")
KILLED = "the server killed the pooled connection\n"
RECOVERED = KILLED + "a new connection: yes\n"
RETRIED = KILLED + ("the connection was dead: reading again, once\n"
                    "a new connection: yes\n")
LOST = ("Error: the server had closed the connection the pool lent, and the"
        " query failed: SQLAlchemy saw a disconnect (hint: pool_pre_ping"
        " tests each connection before lending it, step 12)\n")
COUNTS = {"lazy": 6, "selectin": 2, "joined": 1}
CACHED = ("N%: New York, Nevada (compiled; 1 in the cache; 1 SELECT sent)\n"
          "N%: New York, Nevada (from the cache; 1 in the cache; 2 SELECTs"
          " sent)\nA%: Arizona (from the cache; 1 in the cache; 3 SELECTs"
          " sent)\n")
CACHE_LOG = ["[generated in N.Ns] ('N%',)", "[cached since N.Ns ago] ('N%',)",
             "[cached since N.Ns ago] ('A%',)"]
SESSION = {
    "identity": ("15-identity_map.py",
                 "session.get(State, 3) twice: 1 SELECT, the same object:"
                 " True\nthen a SELECT by name: 2 SELECTs, the same object:"
                 " True\n"),
    "autoflush": ("16-autoflush.py",
                  "autoflush=True: the query found Oregon: True\n"
                  "autoflush=False: the query found Oregon: False\n"
                  "both rolled back: 5 states\n"),
    "expire": ("17-expire_on_commit.py",
               "expire_on_commit=True: reading Texas after commit() sent 1"
               " SELECT\nexpire_on_commit=False: reading Texas after"
               " commit() sent 0 SELECTs\n"),
    "cascade": ("18-cascade_delete.py",
                "session.delete(Arizona): DELETE FROM cities, then states\n"
                "delete(State) for Arizona: one DELETE, no cascade: refused,"
                " error 1451\nboth rolled back: Arizona has its 2 cities\n"),
    "begin": ("19-begin_once.py",
              "commit as you go: Oregon added, committed, removed,"
              " committed\nbegin once: Oregon added, then an error: rolled"
              " back\nstates: 5\n"),
    "rows": ("20-rows.py",
             "row.name: California\nrow[1]: California\n"
             "row._mapping['name']: California\n"
             "state_id, name = row: 1 California\n"),
}


def part(script, database, *args, **kwargs):
    """Run a step of the part with the test login."""
    return run_part(PART + script, USER, PASSWORD, database, *args,
                    **kwargs)


def connections(cur, start, database):
    """What each connection to ``database`` sent since ``start``.

    A list of (thread id, [(command type, argument), ...]), in the order
    the connections logged in; read from mysql.general_log, which the
    enclosing server_log() block has switched on.
    """
    cur.execute(
        "SELECT thread_id, command_type, CONVERT(argument USING utf8mb4)"
        " FROM mysql.general_log WHERE event_time >= %s AND thread_id IN"
        " (SELECT thread_id FROM mysql.general_log"
        "  WHERE event_time >= %s AND command_type = 'Connect'"
        "  AND CONVERT(argument USING utf8mb4) LIKE %s)"
        " ORDER BY event_time",
        (start, start, "% on {} %".format(database)))
    found = {}
    for thread, kind, argument in cur.fetchall():
        found.setdefault(thread, []).append((kind, argument))
    return list(found.items())


def unlabelled(statement):
    """A statement without its column labels (``AS name`` after a column).

    A table's alias (``cities AS cities_1``) is kept.
    """
    return re.sub(r"(\.\w+) AS \w+", r"\1", statement)


def queries(commands):
    """The statements among one connection's commands."""
    return [arg for kind, arg in commands if kind == "Query"]


def reads(commands):
    """The statements that read the states or cities tables."""
    return [q for q in queries(commands)
            if " states" in q or " cities" in q]


def table(database):
    """Every state and city of a copy of hbtn_0e_101_usa, in id order."""
    return (query(database, "SELECT id, name FROM states ORDER BY id"),
            query(database, "SELECT id, state_id, name FROM cities"
                  " ORDER BY id"))


def groups(made):
    """The logged runs: {group: (database, [(label, thunk), ...])}."""
    def copy():
        """A fresh copy of the states and cities."""
        return made.new("hbtn_0e_101_usa")
    layers_db, new_db, old_db, watch_db = copy(), copy(), copy(), copy()
    writes_db = made.prefix + "_writes"
    made.names.append(writes_db)
    plan = {
        "layers": (layers_db, [(s, (part, s, layers_db, "N%"))
                               for s in LAYERS]),
        "2.0": (new_db, [(n, (part, "6-task_path_2_0.py", new_db, n))
                         for n in TASK]),
        "1.4": (old_db, [(n, (step, TASK[n][0], old_db, "Texas")
                          if n == "10" else (step, TASK[n][0], old_db))
                         for n in TASK]),
        "watch": (watch_db, [(s, (part, "14-watch_sql.py", watch_db, s))
                             for s in COUNTS]),
        "writes": (writes_db, [("4", (part, "4-core_writes.py",
                                      writes_db))]),
    }
    for label, script in [(label, script) for label, (script, _)
                          in SESSION.items()] + [
                          ("reuse", "8-pool_reuse.py"),
                          ("threads", "9-pool_threads.py"),
                          ("timeout", "10-pool_timeout.py"),
                          ("dropped", "11-dropped_connection.py"),
                          ("ping", "12-pre_ping.py"),
                          ("retry", "13-retry_read.py"),
                          ("cache", "21-compiled_cache.py")]:
        database = copy()
        plan[label] = (database, [(label, (part, script, database))])
    return plan


@pytest.fixture(scope="module")
def logged():
    """Every logged run: {group: (runs {label: proc}, connections)}."""
    made = Databases()
    try:
        plan = groups(made)

        def play(runs):
            """Run one group's steps in order; their processes by label."""
            return {label: call[0](*call[1:]) for label, call in runs}

        with ThreadPoolExecutor(4) as pool:
            with server_log(plan["layers"][0]):
                admin = connect()
                cur = admin.cursor()
                cur.execute("SELECT NOW(6)")
                (start,) = cur.fetchone()
                done = dict(zip(plan, pool.map(
                    play, [runs for _, runs in plan.values()])))
                result = {group: (done[group],
                                  connections(cur, start, plan[group][0]))
                          for group in plan}
                admin.close()
        for label in SESSION:
            result["after " + label] = table(plan[label][0])
        result["original"] = table(made.new("hbtn_0e_101_usa"))
        result["writes rows"] = query(plan["writes"][0],
                                      "SELECT id, name FROM states"
                                      " ORDER BY id")
        yield result
    finally:
        made.drop_all()


def test_the_four_layers_print_the_same_lines(logged):
    """Cursor, text(), Core and ORM: the same stdout and stderr."""
    runs, _ = logged["layers"]
    for script in LAYERS:
        proc = runs[script]
        assert (proc.returncode, proc.stdout, proc.stderr) == (
            0, N_OUT, N_ERR), script


def test_the_four_layers_send_the_same_statement(logged):
    """Each layer's one connection sent exactly one read, the same one."""
    _, conns = logged["layers"]
    assert len(conns) == 4
    for thread, commands in conns:
        assert reads(commands) == [N_SENT], commands


@pytest.mark.parametrize("number", list(TASK))
def test_2_0_forms_match_the_task_steps(logged, number):
    """A 2.0 form prints and sends what its task step prints and sends."""
    new_runs, new_conns = logged["2.0"]
    old_runs, old_conns = logged["1.4"]
    new, old = new_runs[number], old_runs[number]
    assert (new.returncode, new.stdout, new.stderr) == (
        0, TASK[number][1], "")
    assert (old.returncode, old.stdout) == (0, TASK[number][1])
    index = list(TASK).index(number)
    sent, task_sent = reads(new_conns[index][1]), reads(old_conns[index][1])
    assert len(sent) == 1 and len(task_sent) == 1
    # 1.4's Query labels every column (states.id AS states_id), select()
    # only those whose names clash (cities.id AS id_1): all else is equal.
    assert [unlabelled(s) for s in sent] == [unlabelled(s)
                                             for s in task_sent]
    assert (" LIMIT 1" in sent[0]) == (number in ("8", "10"))


def test_core_writes_print_and_leave_the_rows(logged):
    """Step 4 prints its counts and rows; the server holds those rows."""
    proc = logged["writes"][0]["4"]
    assert (proc.returncode, proc.stdout) == (0, WRITES), proc.stderr
    assert logged["writes rows"] == [(2, "New Mexico"), (3, "Texas"),
                                     (4, "New York")]


def test_core_writes_send_one_insert_for_four_rows(logged):
    """The executemany is one INSERT of four rows, on the wire."""
    _, conns = logged["writes"]
    inserts = [q for _, commands in conns for q in queries(commands)
               if q.startswith("INSERT")]
    assert inserts == [
        "INSERT INTO states (name) VALUES ('California')",
        "INSERT INTO states (name) VALUES ('Arizona'),('Texas'),"
        "('New York'),('Nevada')"]


def test_core_writes_start_over_each_time(dbs):
    """Run again, step 4 drops its database first: the same result."""
    name = dbs.prefix + "_again"
    dbs.names.append(name)
    for _ in range(2):
        proc = part("4-core_writes.py", name)
        assert (proc.returncode, proc.stdout) == (0, WRITES), proc.stderr


def test_reflection_reads_the_server(dbs):
    """Step 5 prints the tables as they are, even after they change."""
    database = dbs.new("hbtn_0e_101_usa")
    proc = part("5-reflection.py", database)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, REFLECTED, "")
    query(database, "ALTER TABLE states ADD COLUMN motto VARCHAR(40)")
    query(database, "DELETE FROM cities WHERE id > 10")
    proc = part("5-reflection.py", database)
    assert proc.stdout == REFLECTED.replace(
        "15 rows", "10 rows").replace(
        "not null\ncities", "not null\n  motto VARCHAR(40)\ncities")


def test_dialects_compile_exactly():
    """Step 7's compiled SQL and values, exactly, with no server at all."""
    proc = run_part(PART + "7-dialects.py", env={"MYSQL_TCP_PORT": "1"})
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, DIALECTS, "")


def test_the_sqlite_form_runs_on_sqlite():
    """The SQLite SQL and values it prints run as they are in sqlite3."""
    text = DIALECTS.split("-- sqlite+pysqlite, paramstyle qmark\n")[1]
    sql, values = text.rstrip("\n").rsplit("\n", 1)
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE states (id INTEGER PRIMARY KEY, name TEXT)")
    db.executemany("INSERT INTO states (name) VALUES (?)",
                   [("California",), ("New York",), ("Nevada",)])
    rows = db.execute(sql, ast.literal_eval(values)).fetchall()
    assert rows == [(2, "New York"), (3, "Nevada")]


def test_pool_reuses_one_server_connection(logged):
    """QueuePool: one login, three queries; NullPool: three logins."""
    runs, conns = logged["reuse"]
    assert (runs["reuse"].returncode, runs["reuse"].stdout) == (0, REUSE)
    ids = [asked_id(c) for _, c in conns]
    assert ids == [3, 1, 1, 1]


def test_pool_size_and_overflow_cap_the_logins(logged):
    """Five threads, pool_size 2 + max_overflow 1: three logins in all."""
    runs, conns = logged["threads"]
    assert (runs["threads"].returncode, runs["threads"].stdout) == (
        0, THREADS)
    assert len(conns) == 3
    sent = [q for _, c in conns for q in queries(c) if "SLEEP" in q]
    assert len(sent) == 5


def test_exhausted_pool_times_out_with_one_line(logged):
    """The second checkout gives up after pool_timeout, one login made."""
    proc = logged["timeout"][0]["timeout"]
    assert proc.returncode == 1
    assert proc.stdout == ("holding the pool's only connection; asking for"
                           " another\n")
    assert proc.stderr.startswith("Error: QueuePool limit of size 1"
                                  " overflow 0 reached, connection timed"
                                  " out, timeout 1.00")
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert len(logged["timeout"][1]) == 1


def asked_id(commands):
    """How many times a connection sent SELECT CONNECTION_ID()."""
    return queries(commands).count("SELECT CONNECTION_ID()")


def killed(conns):
    """Check the first connection was killed by the second; the rest.

    The victim's last statements are its only CONNECTION_ID() and the
    pool's ROLLBACK when it was given back; the killer
    names the victim's thread id in its KILL, which the server logged.
    """
    (victim, first), (_, killer) = conns[:2]
    assert asked_id(first) == 1
    # The pool's reset on checkin, then nothing: the killed connection's
    # next statement never reached the server.
    assert queries(first)[-2:] == ["SELECT CONNECTION_ID()", "ROLLBACK"]
    assert "KILL {}".format(victim) in queries(killer)
    return conns[2:]


def test_without_pre_ping_the_dead_connection_fails(logged):
    """Step 11: the killed connection is used and the step fails."""
    runs, conns = logged["dropped"]
    proc = runs["dropped"]
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, KILLED, LOST)
    assert killed(conns) == []


def test_a_disconnect_invalidates_the_whole_pool(dbs):
    """The page, step 11: after one dead connection fails a query, every
    other connection the pool held is replaced at its next checkout;
    without the failure the pool lends the live one again."""
    engine = create_engine(URL.create(
        "mysql+mysqldb", username=USER, password=PASSWORD, host=HOST,
        port=PORT, database=dbs.new()), pool_size=2)
    ask = text("SELECT CONNECTION_ID()")

    def lend_two():
        """The ids of two connections lent at once (given back in reverse
        order, so that the pool, first in first out, lends the second
        one first next time)."""
        with engine.connect() as first, engine.connect() as second:
            return [c.execute(ask).scalar_one() for c in (first, second)]

    try:
        ids = lend_two()
        assert lend_two() == ids[::-1]
        query(None, "KILL {}".format(ids[0]))
        for _ in range(500):
            if not query(None, "SELECT COUNT(*) FROM information_schema"
                         ".PROCESSLIST WHERE ID = %s", (ids[0],))[0][0]:
                break
            time.sleep(0.01)
        with pytest.raises(exc.OperationalError) as caught:
            with engine.connect() as conn:
                conn.execute(ask)
        assert caught.value.connection_invalidated
        with engine.connect() as conn:
            assert conn.execute(ask).scalar_one() not in ids
    finally:
        engine.dispose()


@pytest.mark.parametrize("label, output", [("ping", RECOVERED),
                                           ("retry", RETRIED)])
def test_pre_ping_and_retry_log_in_again(logged, label, output):
    """Steps 12 and 13: a new login after the KILL runs the read."""
    runs, conns = logged[label]
    proc = runs[label]
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, output, "")
    after = killed(conns)
    assert len(after) == 1
    assert asked_id(after[0][1]) == 1


def sent(logged, label):
    """What one session step sent, its connections' statements in order,
    each cut to its first words (``SELECT``, ``INSERT INTO states``).

    ROLLBACKs are left out: the pool sends one each time it takes a
    connection back, so they say nothing of the step; the table left as
    it was says that its transactions were rolled back."""
    _, conns = logged[label]
    words = []
    for _, commands in conns:
        read = set(reads(commands))
        for statement in queries(commands):
            first = statement.split()
            if first[0] in ("INSERT", "DELETE"):
                words.append(" ".join(first[:3]))
            elif first[0] == "COMMIT" or statement in read:
                words.append(first[0])
    return words


@pytest.mark.parametrize("label", SESSION)
def test_the_session_steps_print_the_page(logged, label):
    """Steps 15-20: their exact output, and the table as it was."""
    runs, _ = logged[label]
    assert (runs[label].returncode, runs[label].stdout,
            runs[label].stderr) == (0, SESSION[label][1], "")
    states, cities = logged["original"]
    assert (len(states), len(cities)) == (5, 15)
    assert logged["after " + label] == logged["original"]


def test_the_identity_map_asks_the_server_twice_not_three_times(logged):
    """Step 15: get() twice sends one SELECT; the query by name one."""
    assert sent(logged, "identity") == ["SELECT", "SELECT"]


def test_autoflush_sends_the_insert_before_the_query(logged):
    """Step 16: with autoflush the INSERT precedes the SELECT; without,
    no INSERT reaches the server at all."""
    assert sent(logged, "autoflush") == [
        "INSERT INTO states", "SELECT", "SELECT", "SELECT"]


def test_an_expired_object_is_read_again_after_commit(logged):
    """Step 17: after COMMIT, a SELECT only where the object expired."""
    assert sent(logged, "expire") == [
        "SELECT", "COMMIT", "SELECT", "SELECT", "COMMIT"]


def test_the_cascade_is_the_orms_and_the_bulk_delete_the_servers(logged):
    """Step 18: session.delete() loaded the cities and sent a DELETE per
    city, then the state's; delete(State) sent one DELETE, refused."""
    assert sent(logged, "cascade") == [
        "SELECT", "SELECT", "DELETE FROM cities", "DELETE FROM cities",
        "DELETE FROM states", "DELETE FROM states", "SELECT", "SELECT"]


def test_begin_once_rolls_back_and_commit_as_you_go_commits(logged):
    """Step 19: two COMMITs as it goes (the delete first reloads the
    expired Oregon and its cities); the begin() block's INSERT reached
    the server and was not committed."""
    assert sent(logged, "begin") == [
        "INSERT INTO states", "COMMIT", "SELECT", "SELECT",
        "DELETE FROM states", "COMMIT", "INSERT INTO states", "SELECT"]


def test_statement_counts_are_the_servers(logged):
    """The counts step 14 prints are the reads the server received."""
    runs, conns = logged["watch"]
    assert len(conns) == len(COUNTS)
    for (strategy, count), (_, commands) in zip(COUNTS.items(), conns):
        proc = runs[strategy]
        word = "statement" if count == 1 else "statements"
        assert proc.stdout == STATES_WITH_CITIES + "{} {}\n".format(
            count, word)
        assert len(reads(commands)) == count
        assert proc.stderr.count("-- statement ") == count


def test_the_cache_keeps_the_sql_and_the_server_gets_each_query(logged):
    """Step 21: compiled once, then from the cache, another value too (the
    engine's own log says so); yet its one connection sent the server all
    three SELECTs, each with its own value: no result was cached."""
    runs, conns = logged["cache"]
    proc = runs["cache"]
    assert (proc.returncode, proc.stdout) == (0, CACHED), proc.stderr
    stats = [re.sub(r"[0-9.]+(e-[0-9]+)?s\b", "N.Ns", line)
             for line in proc.stderr.split("\n")
             if re.match(r"\[(generated|cached)", line)]
    assert stats == CACHE_LOG
    assert "Traceback" not in proc.stderr
    ((_, commands),) = conns
    assert reads(commands) == [N_SENT, N_SENT, N_SENT.replace("N%", "A%")]


@pytest.mark.errors
def test_bad_input_is_one_line():
    """Wrong password, wrong arguments: one line on stderr, exit 1."""
    runs = [("3-orm_select.py", USER, "not-the-pw-x9", "N%"),
            ("0-dbapi_cursor.py", USER, "not-the-pw-x9", "N%"),
            ("6-task_path_2_0.py", USER, PASSWORD, "9"),
            ("14-watch_sql.py", USER, PASSWORD, "eager"),
            ("0-dbapi_cursor.py", USER, PASSWORD)]
    with ThreadPoolExecutor(4) as pool:
        procs = list(pool.map(lambda r: run_part(
            PART + r[0], r[1], r[2], "hbtn_0e_101_usa", *r[3:]), runs))
    for proc in procs:
        assert proc.returncode == 1 and proc.stdout == ""
        assert proc.stderr.count("\n") == 1, proc.stderr
        assert "not-the-pw-x9" not in proc.stderr
    starts = [proc.stderr.split(" ", 2)[:2] for proc in procs]
    assert starts == [["Error", "1045:"], ["Error", "1045:"],
                      ["Error:", "task_step"], ["Error:", "strategy"],
                      ["Usage:", "./" + PART + "0-dbapi_cursor.py"]]


@pytest.mark.parametrize("name", STEPS + ["kit.py", "models.py"])
def test_files_keep_the_rules(name):
    """Shebang and run bit for steps, pycodestyle, real docstrings."""
    path = ROOT / PART / name
    text = path.read_text("utf-8")
    if name[0].isdigit():
        assert text.startswith("#!/usr/bin/env python3\n")
        assert path.stat().st_mode & 0o100
    assert subprocess.run(["pycodestyle", str(path)]).returncode == 0
    tree = ast.parse(text)
    for node in [tree] + [n for n in ast.walk(tree) if isinstance(
            n, (ast.ClassDef, ast.FunctionDef))]:
        doc = ast.get_docstring(node) or ""
        summary = " ".join(doc.split("\n\n")[0].split())
        assert summary.endswith(".") and len(summary.split()) >= 4, (
            name, getattr(node, "name", "module"))


def test_this_file_keeps_pycodestyle():
    """The test file itself is pycodestyle-clean."""
    assert subprocess.run(["pycodestyle", __file__]).returncode == 0


def test_neighbours_share_the_skeleton():
    """Steps 11 and 12 differ only in the docstring and the engine line."""
    def body(name):
        """The step's lines after its docstring."""
        text = (ROOT / PART / name).read_text("utf-8")
        return text.split('"""', 2)[2].split("\n")
    old, new = body(STEPS[11]), body(STEPS[12])
    changed = [(a, b) for a, b in zip(old, new) if a != b]
    assert len(old) == len(new) and len(changed) == 1
    assert changed[0][1] == changed[0][0].replace(
        "database)", "database, pool_pre_ping=True)")
