"""Part 11: indexes and query plans, on MariaDB and PostgreSQL.

Every step runs as a process (the parts' virtualenv) with SHOW_PLANS=1,
in a throw-away database of the tests' own on each server
(``hbtn_t<pid>_11``: the tour's hbtn_11_indexes is left to the docs),
the two servers at once.  Its stdout must be the page's, byte for byte;
its stderr holds the raw plans (the servers' own JSON) and the times it
measured, and the claims are checked from those, apart from the step's
own reading: the access and index in the server's words, the rows it
read, its estimates within a factor, each speed-up above the step's
floor in that same run.  The rows are checked against their Python twin,
and the exact comparisons against Python's answer on hostile names.
"""
import hashlib
import json
import os
import re
import unicodedata
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import (PG, ROOT, mysql_cli, psql, query, run_part,
                      url_string, venv)
from lesson.hostile import CITIES as HOSTILE_CITIES
from lesson.hostile import STATES as HOSTILE_STATES
from harness.server import HOST, PASSWORD, PORT, USER, connect
from harness.tour import ACTIVATE, activate
from harness.transcript import Session, commands

PART = ROOT / "parts" / "11-indexes"
PAGE = PART / "README.md"
KINDS = ("mariadb", "postgres")
COMMAND = re.compile(r'^\./parts/11-indexes/(\S+\.py) "\$(\w+)"$')
NAME = "hbtn_t{}_11".format(os.getpid())
WORDS = ("Reno", "reno", "RÉNO", "Réno", "Page", "Dallas", "Austin",
         "Fremont")
CITIES = 2000000
STATES = CITIES // 20


def urls(name):
    """The URLs of database ``name`` on each server."""
    return {"mariadb": url_string(
        "mysql+mysqldb", username=USER, password=PASSWORD, host=HOST,
        port=PORT, database=name, query={"charset": "utf8mb4"}),
        "postgres": url_string("postgresql+psycopg", database=name)}


def step(script, url, *args, **env):
    """Run a step of the part, raw plans on stderr."""
    return run_part("parts/11-indexes/" + script, url, *args,
                    env=dict(PG, SHOW_PLANS="1", **env), timeout=300)


def page_runs():
    """The page's step commands: (script, kind, output), in page order."""
    found = []
    for cmd in commands(PAGE):
        match = COMMAND.match(cmd.text)
        if match:
            assert cmd.status == 0
            found.append((match.group(1), match.group(2), cmd.output))
    return found


def notes(stderr):
    """The raw plans and the times a step wrote, in order."""
    plans = [json.loads(line[6:]) for line in stderr.splitlines()
             if line.startswith("plan: ")]
    times = [float(line.split()[1]) for line in stderr.splitlines()
             if line.startswith("time: ")]
    return plans, times


def table_node(plan):
    """The plan's node that reads cities, in the server's own words."""
    def walk(tree):
        if isinstance(tree, dict):
            yield tree
            tree = list(tree.values())
        if isinstance(tree, list):
            for item in tree:
                yield from walk(item)
    every = list(walk(plan))
    return [n for n in every if n.get("table_name") == "cities"
            or n.get("Relation Name") == "cities"][0], every


def city_name(k):
    """The name step 0 gives city k, computed here."""
    return "{} {}".format(WORDS[k % 8], k // 8)


def folded(text):
    """A name as utf8mb4_unicode_ci compares it: no case, no accents."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower())
                   if not unicodedata.combining(c))


def rows(kind, sql):
    """Rows of one SELECT on a server, each field as text."""
    if kind == "mariadb":
        return [tuple(str(f) for f in r) for r in query(NAME, sql)]
    return psql(sql, NAME)


@pytest.fixture(scope="module")
def toured():
    """The page's commands on both servers: {kind: [CompletedProcess]}."""
    made = urls(NAME)
    runs = page_runs()

    def in_order(kind):
        return [step(s, made[kind]) for s, k, _ in runs if k == kind]
    try:
        with ThreadPoolExecutor(2) as pool:
            yield dict(zip(KINDS, pool.map(in_order, KINDS)))
    finally:
        mysql_cli("DROP DATABASE IF EXISTS {};".format(NAME))
        psql("DROP DATABASE IF EXISTS {} WITH (FORCE)".format(NAME))


def by_step(toured, kind):
    """{script: CompletedProcess} of one server's run of the page."""
    return {s: proc for (s, k, _), proc in zip(
        [r for r in page_runs() if r[1] == kind], toured[kind])}


def test_the_page_shows_every_step_on_both():
    """Each step has a command on the page for each server, in order."""
    steps = sorted((p.name for p in PART.glob("[0-9]*-*.py")),
                   key=lambda n: int(n.split("-")[0]))
    assert [(s, k) for s, k, _ in page_runs()] == [
        (s, k) for s in steps for k in KINDS]


def test_every_step_prints_the_page(toured):
    """Each step printed the page's bytes on each server, exit 0."""
    for kind in KINDS:
        want = [out for _, k, out in page_runs() if k == kind]
        assert [p.returncode for p in toured[kind]] == [0] * len(want)
        assert [p.stdout for p in toured[kind]] == want, kind


CHUNK = 100000


def twin_digest():
    """The MD5 of each 100000 cities as step 0 makes them, one line each.
    """
    lines = ["{} {} {}".format(k, city_name(k), 1 + (k - 1) % STATES)
             for k in range(1, CITIES + 1)]
    return [hashlib.md5("\n".join(lines[i:i + CHUNK]).encode()).hexdigest()
            for i in range(0, CITIES, CHUNK)]


# Each server's MD5 of the same lines, computed on the server, 100000 at
# a time (MariaDB's GROUP_CONCAT stops at max_allowed_packet): 2000000
# rows are not fetched.
DIGEST = {
    "mariadb": "SELECT MD5(GROUP_CONCAT(id, ' ', name, ' ', state_id ORDER BY"
               " id SEPARATOR '\\n')) FROM cities GROUP BY (id - 1) DIV {0}"
               " ORDER BY (id - 1) DIV {0}".format(CHUNK),
    "postgres": "SELECT md5(string_agg(id || ' ' || name || ' ' || state_id,"
                " E'\\n' ORDER BY id)) FROM cities GROUP BY (id - 1) / {0}"
                " ORDER BY (id - 1) / {0}".format(CHUNK),
}


def digest(kind):
    """The server's MD5s of its cities, 100000 lines at a time."""
    if kind == "postgres":
        return [r[0] for r in psql(DIGEST[kind], NAME)]
    conn = connect(NAME)
    try:
        cur = conn.cursor()
        cur.execute("SET SESSION group_concat_max_len = 1 << 24")
        cur.execute(DIGEST[kind])
        return [r[0] for r in cur.fetchall()]
    finally:
        conn.close()


def test_the_data_is_its_python_twin(toured):
    """Both servers hold the rows computed here; no step left anything."""
    # The servers work out theirs while Python works out its own.
    with ThreadPoolExecutor(2) as pool:
        found = dict(zip(KINDS, pool.map(digest, KINDS)))
        assert found == {kind: twin_digest() for kind in KINDS}
    for kind in KINDS:
        assert rows(kind, "SELECT COUNT(*), MIN(id), MAX(id) FROM states") \
            == [(str(STATES), "1", str(STATES))]
        assert rows(kind, "SELECT COUNT(*) FROM states WHERE name <>"
                          " CONCAT('State ', id)") == [("0",)]
    assert [r[0] for r in rows("mariadb", "SHOW INDEX FROM cities")] \
        == ["cities"] * 2
    assert sorted(r[2] for r in rows("mariadb", "SHOW INDEX FROM cities")) \
        == ["PRIMARY", "ix_cities_state_id"]
    assert sorted(rows("postgres", "SELECT indexname FROM pg_indexes"
                                   " WHERE tablename = 'cities'")) \
        == [("cities_pkey",), ("ix_cities_state_id",)]
    # In this part's database only: other tests' alembic_version tables
    # live in theirs on the same server.
    here = {"mariadb": "DATABASE()", "postgres": "current_schema()"}
    for kind in KINDS:
        assert rows(kind, "SELECT COUNT(*) FROM information_schema.tables"
                          " WHERE table_schema = " + here[kind] +
                          " AND (table_name LIKE 'towns' OR table_name"
                          " LIKE 'copy%' OR table_name LIKE 'alembic%')") \
            == [("0",)]
        # The foreign key holds: every city's state is there.
        assert rows(kind, "SELECT COUNT(*) FROM cities LEFT JOIN states"
                          " ON states.id = state_id WHERE states.id IS"
                          " NULL") == [("0",)]


def test_step_0_keeps_its_data_and_drops_a_left_index(toured):
    """Run again, step 0 keeps the rows; an index a step left, it drops."""
    made = urls(NAME)["postgres"]
    psql("CREATE INDEX ix_left ON cities (state_id, id)", NAME)
    again = step("0-make_data.py", made)
    assert again.returncode == 0
    assert again.stderr == ("kept the tables\n"
                            "dropped the index ix_left\n")
    assert again.stdout == by_step(toured, "postgres")[
        "0-make_data.py"].stdout
    assert sorted(rows("postgres", "SELECT indexname FROM pg_indexes"
                                   " WHERE tablename = 'cities'")) \
        == [("cities_pkey",), ("ix_cities_state_id",)]


def test_step_1_scan_then_lookup_measured(toured):
    """The server's own plan: a full scan of 2000000 rows, then the index.

    The estimates are within a factor of two of what was read, and the
    lookup was more than ten times faster, in the same run.
    """
    for kind in KINDS:
        plans, times = notes(by_step(toured, kind)["1-explain.py"].stderr)
        (scan, _), (lookup, _) = (table_node(p) for p in plans)
        if kind == "mariadb":
            assert (scan["access_type"], scan["r_rows"]) == ("ALL", CITIES)
            assert (lookup["access_type"], lookup["key"]) == (
                "ref", "ix_cities_name")
            assert lookup["r_rows"] == 4
            # The rows it expected to read, within a factor of two.
            assert CITIES / 2 < scan["rows"] < 2 * CITIES
            assert 2 <= lookup["rows"] <= 8
        else:
            assert scan["Node Type"] == "Seq Scan"
            assert scan["Rows Removed by Filter"] == CITIES - 1
            assert lookup["Index Name"] == "ix_cities_name"
            # The rows it expected to return (one), within a factor.
            assert scan["Plan Rows"] <= 4 and lookup["Plan Rows"] <= 4
        assert times[0] > 10 * times[1], times


def page_plan():
    """The table node of the raw plan the page shows."""
    shown = json.loads(PAGE.read_text("utf-8").split("```json\n")[1]
                       .split("```")[0])
    return table_node(shown)[0]


def test_the_page_masks_what_it_says():
    """The page's raw plan masks the fields its text names, no others."""
    assert {k for k, v in page_plan().items() if v == "…"} == {
        "rows", "r_table_time_ms", "r_other_time_ms", "r_engine_stats"}


def test_step_1_plan_is_the_pages(toured):
    """Step 1's raw plan of the scan holds the page's unmasked fields (a
    MariaDB older than 10.11 lacks some of the masked ones)."""
    page_node = page_plan()
    plans, _ = notes(by_step(toured, "mariadb")["1-explain.py"].stderr)
    node = table_node(plans[0])[0]
    assert {k: node[k] for k, v in page_node.items() if v != "…"} == {
        k: v for k, v in page_node.items() if v != "…"}


def test_step_2_exactness_and_the_index(toured):
    """The cast reads every entry, the exact and indexed ways a few."""
    plans, times = notes(by_step(toured, "mariadb")["2-exact.py"].stderr)
    nodes = [table_node(p)[0] for p in plans]
    assert [(n["access_type"], n.get("key"), n["r_rows"]) for n in nodes] \
        == [("ref", "ix_cities_name", 4), ("index", "ix_cities_name", CITIES),
            ("ref", "ix_cities_name", 4), ("ref", "ix_exact", 1)]
    assert times[1] > 10 * times[3], times
    plans, times = notes(by_step(toured, "postgres")["2-exact.py"].stderr)
    nodes = [table_node(p)[0] for p in plans]
    assert [n["Node Type"] for n in nodes][1] == "Seq Scan"
    assert "ix_lower" in json.dumps(plans[2])
    assert times[1] > 10 * times[2], times


def test_the_exact_ways_agree_on_hostile_names(dbs):
    """On hostile names, each exact way returns Python's exact answer.

    MariaDB: the cast, the index with the cast, and the nopad_bin column
    (utf8mb4_bin would call 'Texas ' and 'Texas' equal); PostgreSQL: =
    under C, with its index and without.
    """
    names = sorted({n for _, n in HOSTILE_STATES}
                   | {c[-1] for c in HOSTILE_CITIES})
    database = dbs.new()
    mysql_cli("USE {}; CREATE TABLE cities (id INT PRIMARY KEY,"
              " name VARCHAR(256) NOT NULL, exact_name VARCHAR(256)"
              " COLLATE utf8mb4_nopad_bin AS (name) VIRTUAL, KEY (name),"
              " KEY (exact_name));".format(database))
    conn = connect(database)
    try:
        cur = conn.cursor()
        cur.executemany("INSERT INTO cities (id, name) VALUES (%s, %s)",
                        list(enumerate(names)))
        conn.commit()
        for i, name in enumerate(names):
            for condition in ("CAST(name AS BINARY) = %s",
                              "name = %s AND CAST(name AS BINARY) = %s",
                              "exact_name = %s"):
                cur.execute("SELECT id FROM cities WHERE " + condition,
                            (name,) * condition.count("%s"))
                assert [r[0] for r in cur.fetchall()] == [i], (
                    condition, name)
    finally:
        conn.close()
    pg = "hbtn_t{}_11_hostile".format(os.getpid())
    psql("CREATE DATABASE {} TEMPLATE template0 LOCALE 'C'".format(pg))
    try:
        values = ", ".join("({}, '{}')".format(i, n.replace("'", "''"))
                           for i, n in enumerate(names))
        psql("CREATE TABLE cities (id INT PRIMARY KEY, name VARCHAR(256));"
             " INSERT INTO cities VALUES " + values, pg)
        # One query per name, all in one psql: (name's number, id found).
        each = " UNION ALL ".join(
            "SELECT {}, id FROM cities WHERE name = '{}'".format(
                i, name.replace("'", "''")) for i, name in enumerate(names))
        for index in ("", "CREATE INDEX ON cities (name); SET"
                      " enable_seqscan = off;"):
            got = sorted(psql(index + each, pg), key=lambda r: int(r[0]))
            assert got == [(str(i), str(i)) for i in range(len(names))], [
                (names[int(i)], names[int(k)]) for i, k in got if i != k]
    finally:
        psql("DROP DATABASE {} WITH (FORCE)".format(pg))


def test_step_3_like_counts_and_trigrams(toured):
    """The rows LIKE finds are Python's; the trigram index pays 3 times.
    """
    # City k is WORDS[k % 8] and k // 8: count each word's numbers.
    numbers = [str(n) for n in range(CITIES // 8 + 1)]
    exact = folded_count = inside = folded_inside = 0
    for rest, word in enumerate(WORDS):
        # k = 8 n + rest, from 1 to CITIES.
        names = numbers[1 if rest == 0 else 0:(CITIES - rest) // 8 + 1]
        plain, fold = word + " ", folded(word) + " "
        exact += sum((plain + n).startswith("Reno 99") for n in names)
        folded_count += sum((fold + n).startswith("reno 99") for n in names)
        inside += sum("eno 9999" in plain + n for n in names)
        folded_inside += sum("eno 9999" in fold + n for n in names)
    assert (exact, folded_count, inside, folded_inside) == (
        1111, 4444, 22, 44)
    plans, times = notes(by_step(toured, "postgres")["3-like.py"].stderr)
    nodes = [table_node(p) for p in plans]
    assert [n["Node Type"] for n, _ in nodes][1] == "Seq Scan"
    assert any(n.get("Index Name") == "ix_trgm" for n in nodes[2][1])
    assert times[1] > 3 * times[2], times
    plans, _ = notes(by_step(toured, "mariadb")["3-like.py"].stderr)
    assert [table_node(p)[0]["access_type"] for p in plans] == [
        "range", "index"]


def test_step_4_sort_and_covering_in_the_servers_words(toured):
    """The foreign key's index needs a sort; the composite one reads in
    order, and still reads the table on PostgreSQL; the covering one does
    not.  On InnoDB the composite one covers already."""
    for kind in KINDS:
        plans, _ = notes(by_step(toured, kind)["4-join.py"].stderr)
        text = [json.dumps(p) for p in plans]
        nodes = [table_node(p)[0] for p in plans]
        if kind == "mariadb":
            assert ["filesort" in t for t in text] == [True, False]
            assert [(n["key"], n.get("using_index", False), n["r_rows"])
                    for n in nodes] == [("ix_cities_state_id", False, 20),
                                        ("ix_cities_state_name", True, 10)]
        else:
            assert ['"Sort"' in t for t in text] == [True, False, False]
            assert nodes[0]["Node Type"] in ("Index Scan",
                                             "Bitmap Heap Scan")
            assert [(n["Node Type"], n["Index Name"], n["Actual Rows"])
                    for n in nodes[1:]] == [
                ("Index Scan", "ix_cities_state_name", 10),
                ("Index Only Scan", "ix_cities_covering", 10)]
            # Index only: no row was fetched from the table.
            assert nodes[2]["Heap Fetches"] == 0


def test_step_5_lazy_is_slowest_at_each_size_in_one_run(toured):
    """At 10 and 1000 states, selectin and joined each took less than
    lazy / 1.1 (the best of three runs each), on both servers."""
    for kind in KINDS:
        lines = by_step(toured, kind)["5-n_plus_one.py"].stderr.splitlines()
        took = {tuple(line.split()[3:5]): float(line.split()[1])
                for line in lines if line.startswith("time: ")}
        assert len(took) == 6
        for count in ("10", "1000"):
            for way in ("selectinload", "joinedload"):
                assert took[(count, "lazyload")] > 1.1 * took[
                    (count, way)], (kind, took)


def test_step_5_at_100000_states_the_page_shows_the_rule():
    """The recorded run at 100000 states counts what the rule says: N+1,
    1 + one per 500 states, 1; and says which server it ran on."""
    page = PAGE.read_text("utf-8")
    for kind in KINDS:
        shown = re.search(r'^\./parts/11-indexes/5-n_plus_one\.py "\${}"'
                          r' 100000\b.*\n(.*)\n'.format(kind), page, re.M)
        assert shown, kind
        assert shown.group(1) == (
            "100000 states: lazy 100001 statements, selectin 201"
            " statements, joined 1 statements; the same lines: yes")


def test_step_6_the_cost_in_one_run(toured):
    """Sizes and times as measured: the indexes outweigh the table twice,
    and the copy without them was faster by the floor."""
    for kind in KINDS:
        line = [line for line in by_step(toured, kind)[
            "6-cost.py"].stderr.splitlines() if line.startswith("cost")][0]
        words = line.replace(",", "").split()
        table, key, again, everything = (int(w) for w in words[2:6])
        plain, indexed = (float(w) for w in words[7:9])
        assert table == again and everything - key > 2 * table
        assert indexed > 1.1 * plain


def test_step_7_tries_without_building(toured):
    """hypopg's index was in the plan, never in the database."""
    plans, _ = notes(by_step(toured, "postgres")["7-try_first.py"].stderr)
    assert "Actual Rows" not in json.dumps(plans)
    assert re.search(r'"Index Name": "<\d+>btree_cities_name"',
                     json.dumps(plans[1]))
    plans, _ = notes(by_step(toured, "mariadb")["7-try_first.py"].stderr)
    assert [table_node(p)[0]["access_type"] for p in plans] == [
        "ref", "ALL", "ref"]


def test_the_pages_other_commands(toured):
    """The page's other commands, in one shell as bin/tour runs them: the
    setup lines and the refusals, each line and exit status as shown.

    Here, not in tests/test_docs.py: bin/tour 11 would run every step
    again, on 2000000 rows made again, which the tests above have run.
    """
    session = Session()
    # The parts' virtualenv this run uses (HBTN_VENV's, if set).
    active = {ACTIVATE: activate(venv())}
    try:
        got = [(cmd.text, *session.run(active.get(cmd.text, cmd.text)))
               for cmd in commands(PAGE) if not COMMAND.match(cmd.text)]
    finally:
        session.close()
    want = [(cmd.text, cmd.output, cmd.status) for cmd in commands(PAGE)
            if not COMMAND.match(cmd.text)]
    assert len(want) == 9 and want[0][0] == ACTIVATE
    assert got == want


BAD = (
    (("1-explain.py",), "Usage: ./parts/11-indexes/1-explain.py URL"),
    (("1-explain.py", "a", "b"),
     "Usage: ./parts/11-indexes/1-explain.py URL"),
    (("0-make_data.py", "postgresql+psycopg:///x", "19"),
     "Error: CITIES is a number from 20 to 10000000"),
    (("5-n_plus_one.py", "postgresql+psycopg:///x", "0"),
     "Error: STATES is a number from 1"),
    (("2-exact.py", "sqlite:///x.db"), "Error: the argument is not a"),
    (("3-like.py", "not a url"), "Error: the argument is not a"),
)


def test_a_step_before_step_0_says_so():
    """On a missing database, then an empty one: one line naming step 0,
    and no database made (a task database not loaded yet stays missing,
    so that setup still loads it)."""
    name = "hbtn_t{}_11_empty".format(os.getpid())
    line = ("Error: {} has no cities table (hint: step 0 makes it:"
            " ./parts/11-indexes/0-make_data.py URL)\n".format(name))
    try:
        for url in urls(name).values():
            proc = run_part("parts/11-indexes/4-join.py", url, env=PG)
            assert (proc.returncode, proc.stdout, proc.stderr) == (
                1, "", line)
        assert query(None, "SHOW DATABASES LIKE %s", (name,)) == []
        assert psql("SELECT 1 FROM pg_database WHERE datname = '{}'"
                    .format(name)) == []
        mysql_cli("CREATE DATABASE {};".format(name))
        psql("CREATE DATABASE {}".format(name))
        for url in urls(name).values():
            proc = run_part("parts/11-indexes/4-join.py", url, env=PG)
            assert (proc.returncode, proc.stdout, proc.stderr) == (
                1, "", line)
    finally:
        mysql_cli("DROP DATABASE IF EXISTS {};".format(name))
        psql("DROP DATABASE IF EXISTS {} WITH (FORCE)".format(name))


@pytest.mark.parametrize("args,line", BAD)
@pytest.mark.errors
def test_bad_input_is_one_line(args, line):
    """Bad arguments: one line on stderr, exit 1, nothing on stdout."""
    proc = run_part("parts/11-indexes/" + args[0], *args[1:], env=PG)
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr.startswith(line) and proc.stderr.count("\n") == 1


@pytest.mark.errors
def test_a_refused_login_is_one_line_without_the_password():
    """A wrong password: the server's refusal in one line, no password."""
    url = url_string("mysql+mysqldb", username=USER, password="S3cret-pw",
                     host=HOST, port=PORT, database=NAME)
    proc = run_part("parts/11-indexes/1-explain.py", url, env=PG)
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("Error: ")
    assert "S3cret-pw" not in proc.stderr + proc.stdout
