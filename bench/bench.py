#!/usr/bin/python3
"""Benchmark the read steps at scale, against the mysql command-line client.

Builds large copies of the task databases inside the server with set-based
SQL, runs every read step on each size exactly as a grader does
(``./N-script.py user password db [arg]``), and records its wall time, its
peak memory (max RSS) and the statements the server received from it.  In
the same run, interleaved with the steps, the ``mysql`` client runs the
same SQL the step sent: that is the baseline every time is a ratio to.
Writes results.md and time_vs_size.png, and prints the table.

Usage: bench/run [--quick] [--keep] [--out DIR] [--repeats N]
"""
import argparse
import datetime
import importlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import MySQLdb

ROOT = Path(__file__).resolve().parent.parent
# The test suite's reading of the server's general log, shared.
sys.path.insert(0, str(ROOT / "tests"))
conftest = importlib.import_module("conftest")
BENCH = ROOT / "bench"
USER = os.environ.get("MYSQL_USER", "root")
PASSWORD = os.environ.get("MYSQL_PWD", "root")
HOST = os.environ.get("MYSQL_HOST", "localhost")
PORT = int(os.environ.get("MYSQL_TCP_PORT", "3306"))
PYTHON = "/usr/bin/python3"
ARG = "Texas"   # the state name steps 3, 5 and 10 look for: id 3 everywhere

# (label, database, states, cities per state); "task" is a copy of
# sql/hbtn_0e_101_usa.sql itself: 5 states, 15 cities.
SIZES = [
    ("task", "hbtn_bench_task", 5, None),
    ("small", "hbtn_bench_small", 100, 10),
    ("medium", "hbtn_bench_medium", 1000, 100),
    ("large", "hbtn_bench_large", 10000, 100),
]
# (script, extra argv, kind)
STEPS = [
    ("0-select_states.py", (), "DB-API"),
    ("1-filter_states.py", (), "DB-API"),
    ("3-my_safe_filter_states.py", (ARG,), "DB-API"),
    ("4-cities_by_state.py", (), "DB-API"),
    ("5-filter_cities.py", (ARG,), "DB-API"),
    ("7-model_state_fetch_all.py", (), "ORM"),
    ("8-model_state_fetch_first.py", (), "ORM"),
    ("9-model_state_filter_a.py", (), "ORM"),
    ("10-model_state_my_get.py", (ARG,), "ORM"),
    ("14-model_city_fetch_by_state.py", (), "ORM"),
    ("101-relationship_states_cities_list.py", (), "ORM"),
    ("102-relationship_cities_states_list.py", (), "ORM"),
]
TARGET_RAW = 2.5        # x the mysql client, at the largest size
TARGET_ORM = 8.0
TARGET_RSS = 1.5 * 2 ** 30  # bytes, steps 101 and 102 at the largest size
TARGET_FLOOR = 1.2      # x (import sqlalchemy.orm + one query), task size

# Names the filtering steps can tell apart: some start with N (and some
# with a lower-case n or an accented Ñ, which must not count), some hold a
# lower-case a, some none; quotes and non-ASCII letters too.  Past the
# list, names repeat with a number: "Texas 2".
STATE_NAMES = [
    "California", "Arizona", "Texas", "New York", "Nevada", "nevada",
    "Ñuble", "New Jersey", "Oregon", "São Paulo", "O'Higgins", "Québec",
    "North Dakota", "new mexico", "Florida", "Île-de-France", "Utah",
    "Nordrhein-Westfalen", "Georgia", "Zürich", "Ohio", "Niedersachsen",
    "Kentucky", "Bavaria", "Nunavut", "Idaho", "Montana", "Ontario",
    "Nayarit", "Missouri",
]
CITY_NAMES = [
    "San Francisco", "San Jose", "Los Angeles", "Fremont", "Livermore",
    "Page", "Phoenix", "Dallas", "Houston", "Austin", "New York",
    "Las Vegas", "Reno", "Henderson", "Carson City", "Chillán", "Montréal",
    "Coeur d'Alene", "Köln", "Saint-Étienne", "Anchorage", "Bismarck",
    "100% Pure", "Under_score",
]


def say(*words):
    """Print a progress line on stderr."""
    print("==>", *words, file=sys.stderr, flush=True)


def connect(database=None):
    """Return an autocommit connection for the benchmark's own work."""
    params = dict(host=HOST, port=PORT, user=USER, password=PASSWORD,
                  charset="utf8mb4")
    if database:
        params["database"] = database
    db = MySQLdb.connect(**params)
    db.autocommit(True)
    return db


def run_sql(cur, text, params=None):
    """Run each ;-separated statement of ``text`` (no ; inside literals)."""
    for statement in text.split(";"):
        if statement.strip():
            cur.execute(statement, params)


def elt(column, names):
    """Return ``ELT(column, %s, ...)``: the names become bound values."""
    return "ELT({}, {})".format(column, ", ".join(["%s"] * len(names)))


def build(admin, database, states, per_state):
    """Create ``database`` with ``states`` states and their cities.

    Set-based: a ten-row digits table, cross-joined into a sequence, feeds
    one INSERT ... SELECT per table; nothing goes row by row.  City ids go
    round the states (city 1 of every state, then city 2, ...), so the id
    order and the state order differ, as in real data.  The ids are
    computed, so no ORDER BY (and no big sort) is needed.
    """
    cur = admin.cursor()
    task = (ROOT / "sql" / "hbtn_0e_101_usa.sql").read_text("utf-8")
    task = task.replace("hbtn_0e_101_usa", database)
    if per_state is None:
        run_sql(cur, task)
        return
    run_sql(cur, task[:task.index("INSERT")])   # the database, its tables
    run_sql(cur, """
        CREATE TABLE digits (d INT NOT NULL PRIMARY KEY);
        INSERT INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7),
            (8), (9);
        CREATE TABLE seq (n INT NOT NULL PRIMARY KEY);
        INSERT INTO seq SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d
            FROM digits a, digits b, digits c, digits e;
        SET SESSION foreign_key_checks = 0""")
    cur.execute(
        "INSERT INTO states (id, name) SELECT n + 1, CONCAT({},"
        " IF(n < {k}, '', CONCAT(' ', n DIV {k} + 1)))"
        " FROM seq WHERE n < {s} ORDER BY n".format(
            elt("n MOD {} + 1".format(len(STATE_NAMES)), STATE_NAMES),
            k=len(STATE_NAMES), s=states), STATE_NAMES)
    cur.execute(
        "INSERT INTO cities (id, state_id, name)"
        " SELECT c.n * {} + s.id, s.id, CONCAT({}, ' ', c.n + 1)"
        " FROM seq c STRAIGHT_JOIN states s WHERE c.n < {}".format(
            states, elt("(s.id + c.n) MOD {} + 1".format(len(CITY_NAMES)),
                        CITY_NAMES), per_state), CITY_NAMES)
    run_sql(cur, "SET SESSION foreign_key_checks = 1;"
            " DROP TABLE seq; DROP TABLE digits;"
            " ANALYZE TABLE states, cities")
    cur.fetchall()


def counts(admin, database):
    """Return (states, cities) of ``database``, or None if it is absent."""
    cur = admin.cursor()
    try:
        cur.execute("SELECT (SELECT COUNT(*) FROM {0}.states),"
                    " (SELECT COUNT(*) FROM {0}.cities)".format(database))
    except MySQLdb.Error:
        return None
    return cur.fetchone()


def environment():
    """The environment every child runs in (as tests/conftest.py does)."""
    env = dict(os.environ, LANG="C.UTF-8", MYSQL_PWD=PASSWORD)
    env.pop("PYTHONPATH", None)
    return env


RETRIES = []     # runs redone because the server lost a temporary file


def lost_temp_file(err):
    """Whether a failure is the server losing an on-disk temporary table.

    Any mariadbd starting with the same tmpdir (/tmp by default, as in a
    test's throw-away server) deletes every #sql* file there, including
    the ones our server is using: the query fails with error 6.
    """
    return b"#sql" in err and b"Errcode: 2" in err


def checked(argv, returncode, err, attempt):
    """Raise on a failed run; return True if it should be run again."""
    if returncode == 0 and not err:
        return False
    if lost_temp_file(err) and attempt < 3:
        RETRIES.append(" ".join(a for a in argv
                                if a.startswith(("./", "hbtn_", "mysql"))
                                and not a.startswith("mysql+")))
        say("  retrying {}: the server lost a temporary file".format(
            argv[0]))
        return True
    raise SystemExit("{} failed ({}): {}".format(
        " ".join(argv[:1] + argv[3:]), returncode,
        err.decode("utf-8", "replace")[-2000:]))


class Runner:
    """The small process (bench/runner.py) that runs what is measured."""

    def __init__(self):
        self.proc = subprocess.Popen(
            [PYTHON, str(BENCH / "runner.py")], cwd=ROOT, env=environment(),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def timed(self, argv, attempt=1):
        """Run ``argv``; return (seconds, max RSS in bytes).

        stdout goes to /dev/null; a failure (an exit status or anything
        on stderr) stops the benchmark.
        """
        self.proc.stdin.write(json.dumps(argv) + "\n")
        self.proc.stdin.flush()
        got = json.loads(self.proc.stdout.readline())
        err = got["stderr"].encode("utf-8")
        if checked(argv, got["returncode"], err, attempt):
            return self.timed(argv, attempt + 1)
        return got["seconds"], got["maxrss"]

    def close(self):
        """Let the runner end."""
        self.proc.stdin.close()
        self.proc.wait()


RUNNER = None


def timed(argv):
    """Run ``argv`` through the runner; return (seconds, max RSS)."""
    global RUNNER
    if RUNNER is None:
        RUNNER = Runner()
    return RUNNER.timed(argv)


def step_argv(script, database, extra):
    """The grader's command line for a step."""
    return ["./" + script, USER, PASSWORD, database, *extra]


def mysql_argv(database, sql):
    """The baseline: the mysql client running ``sql``, batch mode."""
    return ["mysql", "--no-defaults", "--default-character-set=utf8mb4",
            "-h", HOST, "-P", str(PORT), "-u" + USER, "-N", "-B",
            database, "-e", sql]


def floor_argv(database, sql):
    """The floor: import sqlalchemy.orm, then ``sql`` through MySQLdb."""
    return [PYTHON, str(BENCH / "floor.py"), USER, PASSWORD, database, sql]


class GeneralLog:
    """Switches the server's general query log on, and back as it was."""

    def __init__(self, admin):
        self.cur = admin.cursor()
        self.cur.execute("SELECT @@global.general_log, @@global.log_output")
        self.was_on, self.output = self.cur.fetchone()

    def __enter__(self):
        if "TABLE" not in self.output.upper():
            self.cur.execute("SET GLOBAL log_output = 'TABLE'")
        self.cur.execute("SET GLOBAL general_log = 'ON'")
        return self

    def __exit__(self, *exc):
        if not self.was_on:
            self.cur.execute("SET GLOBAL general_log = 'OFF'")
        if "TABLE" not in self.output.upper():
            self.cur.execute("SET GLOBAL log_output = %s", (self.output,))

    def received(self, database, argv, attempt=1):
        """Run ``argv``; return (what the server got from it, stdout).

        What it got: (command_type, argument) for every command sent by
        the connections that logged in to ``database`` meanwhile.
        """
        self.cur.execute("SELECT NOW(6)")
        (start,) = self.cur.fetchone()
        proc = subprocess.run(argv, cwd=ROOT, env=environment(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if checked(argv, proc.returncode, proc.stderr, attempt):
            return self.received(database, argv, attempt + 1)
        time.sleep(0.05)
        return conftest.read_log(self.cur, start, database), proc.stdout


def statements(received):
    """The statements (Query commands) among what the server received."""
    return [arg for kind, arg in received if kind == "Query"]


def expected_lines(admin, database, script):
    """How many lines ``script`` must print on ``database``."""
    cur = admin.cursor()
    binary = "CAST(name AS BINARY)"
    where = {
        "0": "", "7": "", "1": " WHERE {} LIKE 'N%'".format(binary),
        "9": " WHERE {} LIKE '%a%'".format(binary),
    }
    number = script.split("-")[0]
    if number in where:
        cur.execute("SELECT COUNT(*) FROM {}.states{}".format(
            database, where[number]))
        return cur.fetchone()[0]
    if number in ("3", "5", "8", "10"):
        return 1
    cur.execute("SELECT (SELECT COUNT(*) FROM {0}.cities),"
                " (SELECT COUNT(*) FROM {0}.states)".format(database))
    cities, states = cur.fetchone()
    return cities + states if number == "101" else cities


def median(values):
    """The median of a list of numbers."""
    return statistics.median(values)


def measure(admin, sizes, repeats, floor_repeats):
    """Run everything; return the results as a dict."""
    results = {"sizes": [], "steps": {}, "floor": {}}
    log = GeneralLog(admin)
    for label, database, states, per_state in sizes:
        have = counts(admin, database)
        want = (states, 15 if per_state is None else states * per_state)
        if have is not None and tuple(have) == want:
            say("reusing", database, "({} states, {} cities)".format(*want))
        else:
            say("building", database, "({} states, {} cities)".format(*want))
            start = time.perf_counter()
            build(admin, database, states, per_state)
            say("  built in {:.1f} s".format(time.perf_counter() - start))
        results["sizes"].append(dict(label=label, database=database,
                                     states=want[0], cities=want[1]))
        # One counting run per step with the general log on (never while
        # timing); it also warms the caches and yields the baseline SQL.
        sqls = {}
        with log:
            for script, extra, kind in STEPS:
                received, out = log.received(
                    database, step_argv(script, database, extra))
                data = conftest.data_selects(received)
                lines = out.count(b"\n")
                want_lines = expected_lines(admin, database, script)
                if lines != want_lines:
                    raise SystemExit("{} on {}: printed {} lines, expected {}"
                                     .format(script, database, lines,
                                             want_lines))
                if len(data) != 1:
                    raise SystemExit("{} sent {} data SELECTs: {}".format(
                        script, len(data), data))
                sqls[script] = data[0]
                entry = results["steps"].setdefault(
                    script, dict(kind=kind, by_size={}))
                entry["by_size"][label] = dict(
                    statements=len(statements(received)),
                    selects=len(data), sql=data[0], lines=lines,
                    log=[s for s in statements(received)])
        # Timing: each step and its baseline back to back, alternating
        # which goes first, so slow spells of a noisy machine hit both.
        say("timing", label, "x{}".format(repeats))
        samples = {s: ([], [], [], []) for s, _, _ in STEPS}
        for r in range(repeats):
            for script, extra, kind in STEPS:
                pair = [(0, step_argv(script, database, extra)),
                        (2, mysql_argv(database, sqls[script]))]
                for slot, argv in (pair if r % 2 == 0 else pair[::-1]):
                    seconds, rss = timed(argv)
                    samples[script][slot].append(seconds)
                    samples[script][slot + 1].append(rss)
        for script, (t, m, bt, bm) in samples.items():
            results["steps"][script]["by_size"][label].update(
                time=median(t), rss=max(m), base_time=median(bt),
                base_rss=max(bm), times=t, base_times=bt)
        if label == "task":
            results["floor"] = measure_floor(database, sqls, floor_repeats)
    return results


def measure_floor(database, sqls, repeats):
    """Time each ORM step against its floor, on the task-size database.

    The floor is a Python process that imports sqlalchemy.orm, connects
    with MySQLdb and sends the step's one query: the least any ORM step
    can cost.
    """
    say("timing the ORM floor x{}".format(repeats))
    orm = [(s, e) for s, e, kind in STEPS if kind == "ORM"]
    samples = {s: ([], []) for s, _ in orm}
    extras = {"python": [], "import": [], "mysqldb": [], "mysql": []}
    for r in range(repeats):
        for script, extra in orm:
            pair = [(0, step_argv(script, database, extra)),
                    (1, floor_argv(database, sqls[script]))]
            for slot, argv in (pair if r % 2 == 0 else pair[::-1]):
                samples[script][slot].append(timed(argv)[0])
        extras["python"].append(timed([PYTHON, "-c", "pass"])[0])
        extras["import"].append(
            timed([PYTHON, "-c", "import sqlalchemy.orm"])[0])
        extras["mysqldb"].append(timed([PYTHON, "-c", "import MySQLdb"])[0])
        extras["mysql"].append(timed(mysql_argv(database, "SELECT 1"))[0])
    floor = {s: dict(time=median(t), floor=median(f))
             for s, (t, f) in samples.items()}
    floor["python -c pass"] = dict(time=median(extras["python"]))
    floor["import sqlalchemy.orm"] = dict(time=median(extras["import"]))
    floor["import MySQLdb"] = dict(time=median(extras["mysqldb"]))
    floor["mysql SELECT 1"] = dict(time=median(extras["mysql"]))
    return floor


def ms(seconds):
    """Format a duration in milliseconds or seconds."""
    if seconds >= 10:
        return "{:.1f} s".format(seconds)
    if seconds >= 1:
        return "{:.2f} s".format(seconds)
    return "{:.0f} ms".format(seconds * 1000)


def mib(size):
    """Format a size in bytes as MiB."""
    return "{:.0f}".format(size / 2 ** 20)


def check_targets(results):
    """Return a list of (target, met, figures) lines."""
    labels = [s["label"] for s in results["sizes"]]
    biggest = labels[-1]
    steps = results["steps"]
    out = []
    varying = []
    for script, entry in steps.items():
        counts_ = {entry["by_size"][lb]["statements"] for lb in labels}
        if len(counts_) != 1:
            varying.append("{} ({})".format(script, "/".join(
                str(entry["by_size"][lb]["statements"]) for lb in labels)))
    out.append(("Statements per step constant across sizes",
                not varying, "varying: " + ", ".join(varying) if varying
                else "every step sends the same statements at every size"))
    one = all(steps[s]["by_size"][lb]["selects"] == 1
              for s in steps if s.startswith(("101-", "102-"))
              for lb in labels)
    out.append(("101 and 102: one SELECT each at every size", one,
                "data SELECTs: " + ", ".join(
                    "{} {}".format(s.split("-")[0], "/".join(
                        str(steps[s]["by_size"][lb]["selects"])
                        for lb in labels))
                    for s in steps if s.startswith(("101-", "102-")))))
    cities = results["sizes"][-1]["cities"]
    for kind, limit in (("DB-API", TARGET_RAW), ("ORM", TARGET_ORM)):
        ratios = [(s, e["by_size"][biggest]["time"]
                   / e["by_size"][biggest]["base_time"])
                  for s, e in steps.items() if e["kind"] == kind]
        worst = max(ratios, key=lambda x: x[1])
        missed = [(s, r) for s, r in ratios if r > limit]
        floor = results["floor"]
        start_up = ""
        if "mysql SELECT 1" in floor:
            python = floor["import MySQLdb" if kind == "DB-API"
                           else "import sqlalchemy.orm"]["time"]
            start_up = ("; start-up alone: `python3 -c 'import {}'` {}"
                        " = x{:.1f} the mysql client's whole `SELECT 1`"
                        " ({})".format(
                            "MySQLdb" if kind == "DB-API"
                            else "sqlalchemy.orm", ms(python),
                            python / floor["mysql SELECT 1"]["time"],
                            ms(floor["mysql SELECT 1"]["time"])))
        out.append(("{} steps within {}x the mysql client at {:,} cities"
                    .format(kind, limit, cities), not missed,
                    "worst {} x{:.2f}".format(worst[0].split("-")[0],
                                              worst[1])
                    + ("; over: " + ", ".join(
                        "{} x{:.2f}".format(s.split("-")[0], r)
                        for s, r in missed) if missed else "")
                    + start_up))
    rss = [(s, steps[s]["by_size"][biggest]["rss"])
           for s in steps if s.startswith(("101-", "102-"))]
    out.append(("Peak memory of 101 and 102 under 1.5 GiB at {:,} cities"
                .format(cities), all(m < TARGET_RSS for _, m in rss),
                ", ".join("{} {} MiB".format(s.split("-")[0], mib(m))
                          for s, m in rss)))
    floor = {s: f for s, f in results["floor"].items() if "floor" in f}
    # (the start-up figures above need the task size in the run)
    if floor:
        ratios = {s: f["time"] / f["floor"] for s, f in floor.items()}
        worst = max(ratios, key=ratios.get)
        out.append(("ORM steps at most {}x (import sqlalchemy.orm + one"
                    " query) on the task database".format(TARGET_FLOOR),
                    all(r <= TARGET_FLOOR for r in ratios.values()),
                    "worst {} x{:.2f}; ".format(worst.split("-")[0],
                                                ratios[worst])
                    + ", ".join("{} x{:.2f}".format(s.split("-")[0], r)
                                for s, r in ratios.items())))
    return out


def markdown(results, args, elapsed):
    """Render the results as Markdown."""
    sizes = results["sizes"]
    labels = [s["label"] for s in sizes]
    lines = ["# Benchmark results", ""]
    lines.append("`bench/run{}` on {}, {} cores; Python {}, SQLAlchemy {},"
                 " mysqlclient {}; {}.  {} repeats per step and size"
                 " (median), the whole run took {:.0f} s.".format(
                     " --quick" if args.quick else "",
                     datetime.date.today().isoformat(), os.cpu_count(),
                     platform.python_version(), results["sqlalchemy"],
                     MySQLdb.__version__, results["server"],
                     args.repeats_text, elapsed))
    if RETRIES:
        lines.append("")
        lines.append("Runs redone ({}) because the server lost an"
                     " on-disk temporary table (another mariadbd started"
                     " with the same tmpdir): {}.".format(
                         len(RETRIES), ", ".join(RETRIES)))
    lines.append("")
    lines.append("Sizes: " + "; ".join(
        "{label} = {states:,} states, {cities:,} cities".format(**s)
        for s in sizes) + ".")
    lines.append("")
    lines.append("Each cell: the step's median wall time, and (×) that time"
                 " as a ratio to the `mysql` client running the same SQL"
                 " in the same run.  *stmts*: statements the server"
                 " received from the step, per size; *SELECTs*: those"
                 " reading states/cities.  RSS: the step's peak memory"
                 " (max RSS) at the largest size, and the mysql"
                 " client's.")
    lines.append("")
    head = (["step", "stmts ({})".format("/".join(labels)), "SELECTs"]
            + labels + ["RSS MiB", "mysql RSS"])
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    for script, entry in results["steps"].items():
        by = entry["by_size"]
        row = [script, "/".join(str(by[lb]["statements"]) for lb in labels),
               "/".join(str(by[lb]["selects"]) for lb in labels)]
        for lb in labels:
            ratio = by[lb]["time"] / by[lb]["base_time"]
            row.append("{} ×{:.1f}".format(ms(by[lb]["time"]), ratio))
        row.append(mib(by[labels[-1]]["rss"]))
        row.append(mib(by[labels[-1]]["base_rss"]))
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    lines.append("The mysql client's own times on the same SQL:")
    lines.append("")
    lines.append("| step | " + " | ".join(labels) + " |")
    lines.append("|---|" + "---|" * len(labels))
    for script, entry in results["steps"].items():
        lines.append("| {} | {} |".format(script, " | ".join(
            ms(entry["by_size"][lb]["base_time"]) for lb in labels)))
    floor = results["floor"]
    if floor:
        lines.append("")
        lines.append("On the task database ({} states, {} cities): each ORM"
                     " step against its floor, a Python process that"
                     " imports sqlalchemy.orm, connects with MySQLdb and"
                     " sends the step's one query (bench/floor.py)."
                     " For scale: `python3 -c pass` takes {},"
                     " `python3 -c 'import MySQLdb'` {},"
                     " `python3 -c 'import sqlalchemy.orm'` {}, and the"
                     " mysql client running `SELECT 1` {}.".format(
                         sizes[0]["states"], sizes[0]["cities"],
                         ms(floor["python -c pass"]["time"]),
                         ms(floor["import MySQLdb"]["time"]),
                         ms(floor["import sqlalchemy.orm"]["time"]),
                         ms(floor["mysql SELECT 1"]["time"])))
        lines.append("")
        lines.append("| step | step | floor | ratio | statements sent |")
        lines.append("|---|---|---|---|---|")
        for script, f in floor.items():
            if "floor" in f:
                sent = results["steps"][script]["by_size"][labels[0]]["log"]
                lines.append("| {} | {} | {} | ×{:.2f} | {} |".format(
                    script, ms(f["time"]), ms(f["floor"]),
                    f["time"] / f["floor"], len(sent)))
    lines.append("")
    lines.append("## Targets")
    lines.append("")
    for target, met, figures in check_targets(results):
        lines.append("- **{}** {}: {}.".format(
            "met" if met else "MISSED", target, figures))
    lines.append("")
    lines.append("## What each step sent (task size)")
    lines.append("")
    for script, entry in results["steps"].items():
        lines.append("- `{}`: {}".format(script, "; ".join(
            "`{}`".format(s.replace("`", "'").replace("\n", " "))
            for s in entry["by_size"][labels[0]]["log"])))
    lines.append("")
    return "\n".join(lines)


def plot(results, path):
    """Draw time against size, log-log: one line per step, and the
    mysql client on the same SQL dashed in the same colour."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = results["sizes"]
    xs = [s["cities"] for s in sizes]
    fig, axes = plt.subplots(1, 2, figsize=(13, 5.5), sharey=True)
    cmap = plt.get_cmap("tab10")
    for ax, kind in zip(axes, ("DB-API", "ORM")):
        scripts = [s for s, e in results["steps"].items()
                   if e["kind"] == kind]
        for i, script in enumerate(scripts):
            by = results["steps"][script]["by_size"]
            colour = cmap(i % 10)
            ax.plot(xs, [by[s["label"]]["time"] for s in sizes], "o-",
                    color=colour, label=script.rsplit(".", 1)[0],
                    linewidth=1.8)
            ax.plot(xs, [by[s["label"]]["base_time"] for s in sizes], "--",
                    color=colour, linewidth=1, alpha=0.7)
        ax.plot([], [], "k--", linewidth=1, alpha=0.7,
                label="mysql client, same SQL (dashed)")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xticks(xs)
        ax.set_xticklabels(["{:,} st.\n{:,} cities".format(
            s["states"], s["cities"]) for s in sizes], fontsize=8)
        ax.minorticks_off()
        ax.grid(True, which="major", alpha=0.3)
        ax.set_title("{} steps".format(
            "DB-API (MySQLdb)" if kind == "DB-API" else "SQLAlchemy ORM"))
        ax.set_xlabel("database size")
        ax.legend(fontsize=7.5, loc="upper left")
    axes[0].set_ylabel("wall time, seconds (median)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main():
    """Parse the options, measure, write and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="only the task and the two smaller sizes,"
                        " fewer repeats; writes to /tmp/hbtn_bench_quick"
                        " unless --out says otherwise")
    parser.add_argument("--keep", action="store_true",
                        help="keep the hbtn_bench_* databases (the next"
                        " run reuses them)")
    parser.add_argument("--out", help="where results.md and"
                        " time_vs_size.png go (default: bench/)")
    parser.add_argument("--repeats", type=int,
                        help="repeats per step and size (default 5, 3 at"
                        " 1,000,000 cities; 3 with --quick)")
    parser.add_argument("--sizes", help="comma-separated size labels to"
                        " run, of: " + ", ".join(s[0] for s in SIZES))
    args = parser.parse_args()
    sizes = SIZES[:3] if args.quick else SIZES
    if args.sizes:
        sizes = [s for s in SIZES if s[0] in args.sizes.split(",")]
    out = Path(args.out or ("/tmp/hbtn_bench_quick" if args.quick
                            else BENCH))
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    admin = connect()
    cur = admin.cursor()
    cur.execute("SELECT VERSION()")
    results = None
    try:
        server = cur.fetchone()[0]
        results = {"sizes": [], "steps": {}, "floor": {}}
        all_steps = {}
        floor = {}
        for size in sizes:
            repeats = args.repeats or (3 if args.quick or size[3] == 100
                                       and size[2] >= 10000 else 5)
            part = measure(admin, [size], repeats,
                           floor_repeats=args.repeats or
                           (5 if args.quick else 9))
            results["sizes"] += part["sizes"]
            for script, entry in part["steps"].items():
                all_steps.setdefault(script, dict(kind=entry["kind"],
                                                  by_size={}))
                all_steps[script]["by_size"].update(entry["by_size"])
            floor.update(part["floor"])
        results["steps"] = all_steps
        results["floor"] = floor
    finally:
        if not args.keep:
            say("dropping the hbtn_bench_* databases")
            for _, database, _, _ in sizes:
                cur.execute("DROP DATABASE IF EXISTS " + database)
        admin.close()
    import sqlalchemy
    results["sqlalchemy"] = sqlalchemy.__version__
    results["server"] = server
    args.repeats_text = str(args.repeats) if args.repeats else (
        "3" if args.quick else "5 (3 at the largest size; 9 for the floor)")
    elapsed = time.perf_counter() - start
    text = markdown(results, args, elapsed)
    (out / "results.md").write_text(text, "utf-8")
    plot(results, out / "time_vs_size.png")
    print(text)
    say("wrote", out / "results.md", "and", out / "time_vs_size.png")


if __name__ == "__main__":
    main()
