"""Measure the read steps: what the server received, wall time, memory.

On each size, first one counting run per step with the server's general
log on (harness.server.server_log), never while timing: it checks the
step's output and yields the one SELECT the baseline runs.  Then the
timed runs: each step back to back with the mysql client on that SQL,
in alternating order, so a slow spell of a busy machine hits both.  On
the task size, each ORM step against its floor (bench/floor.py).
"""
import statistics

from bench.build import ARG
from harness.server import (HOST, PASSWORD, PORT, USER, data_selects,
                            mysql_command, statements)
from lesson.hostile import expected
from lesson.steps import CREATORS, DBAPI, NAMED, SAFE, STEPS, WRITERS
from bench.records import Count, Floor, StartUp, Step, StepResult, Timing
from bench.runs import BENCH, PYTHON

# The steps that only read; step 2 is left out, as its lesson is the
# injection and it sends what step 3 sends.
READ_STEPS = tuple(
    Step(s, (ARG,) if s in NAMED else (), "DB-API" if s in DBAPI else "ORM")
    for s in STEPS
    if s not in CREATORS | WRITERS and (s not in NAMED or s in SAFE))
# The steps whose output comes from the states alone.
STATE_STEPS = (0, 1, 3, 7, 8, 9, 10)


def step_argv(step, database):
    """The grader's command line for ``step``."""
    return ["./" + step.script, USER, PASSWORD, database, *step.args]


def mysql_argv(database, sql):
    """The baseline: the mysql client running ``sql``, batch mode."""
    return mysql_command(database) + ["-N", "-B", "-e", sql]


def floor_argv(database, sql):
    """The floor: import sqlalchemy.orm, then ``sql`` through MySQLdb."""
    return [PYTHON, str(BENCH / "floor.py"), HOST, str(PORT), USER,
            PASSWORD, database, sql]


def expected_lines(step, size, data):
    """How many lines ``step`` must print on ``size``.

    From lesson.hostile.expected() on the rows when ``data`` holds them
    all, or when the step prints from the states alone; else from the
    size (every generated state has cities).
    """
    if data.cities or int(step.number) in STATE_STEPS:
        return expected(step.script, data, *step.args).count("\n")
    return {"5": 1, "101": size.states + size.cities}.get(
        step.number, size.cities)


def count(runs, step, database, size, data):
    """The counting run of ``step``, its output checked against lesson/.

    When ``data`` holds every row, stdout must be byte for byte what
    lesson.hostile.expected() computes from them; at every size its
    number of lines must be right and it must send one data SELECT.
    """
    received, out = runs.counted(step_argv(step, database), database)
    exact = bool(data.cities)
    sent = Count(tuple(statements(received)), tuple(data_selects(received)),
                 out.count("\n"), expected_lines(step, size, data), exact)
    where = "{} on {}".format(step.script, database)
    if exact and out != expected(step.script, data, *step.args):
        raise SystemExit(where + ": not what lesson.hostile.expected()"
                         " computes from the rows")
    if sent.lines != sent.expected_lines:
        raise SystemExit("{}: printed {} lines, expected {}".format(
            where, sent.lines, sent.expected_lines))
    if len(sent.data_selects) != 1:
        raise SystemExit("{}: sent {} data SELECTs: {}".format(
            where, len(sent.data_selects), sent.data_selects))
    return sent


def median_of(samples):
    """The median wall and CPU times of Samples, and their peak RSS."""
    return (statistics.median(s.seconds for s in samples),
            statistics.median(s.cpu for s in samples),
            max(s.rss for s in samples))


def timing(runs, database, counts, repeats):
    """Time every step and its baseline ``repeats`` times: {script: Timing}.

    ``counts`` maps each Step to its Count: the baseline runs the one
    data SELECT the step sent.
    """
    samples = {step: ([], []) for step in counts}
    for r in range(repeats):
        for step, sent in counts.items():
            pair = [(0, step_argv(step, database)),
                    (1, mysql_argv(database, sent.data_selects[0]))]
            for slot, argv in (pair if r % 2 == 0 else pair[::-1]):
                samples[step][slot].append(runs.timed(argv))
    out = {}
    for step, (own, base) in samples.items():
        (t, c, m), (bt, bc, bm) = median_of(own), median_of(base)
        out[step.script] = Timing(t, m, bt, bm, t / bt, c, bc, c / bc,
                                  tuple(s.seconds for s in own),
                                  tuple(s.seconds for s in base))
    return out


def measure_size(runs, database, size, data, repeats, say):
    """Count, check and time every read step on one database."""
    counts = {step: count(runs, step, database, size, data)
              for step in READ_STEPS}
    say("timing", database, "x{}".format(repeats))
    times = timing(runs, database, counts, repeats)
    return tuple(StepResult(step, sent, times[step.script])
                 for step, sent in counts.items())


def measure_floor(runs, database, results, repeats, say):
    """Each ORM step against its floor; and what start-up alone costs.

    The floor is a Python process that imports sqlalchemy.orm, connects
    with MySQLdb and sends the step's one query: the least any ORM step
    can cost.  Returns (Floors, StartUp).
    """
    say("timing the ORM floor x{}".format(repeats))
    orm = [r for r in results if r.step.kind == "ORM"]
    samples = {r.step.script: ([], []) for r in orm}
    alone = {"python": [PYTHON, "-c", "pass"],
             "import_mysqldb": [PYTHON, "-c", "import MySQLdb"],
             "import_orm": [PYTHON, "-c", "import sqlalchemy.orm"],
             "mysql_select_1": mysql_argv(database, "SELECT 1")}
    alone_times = {name: [] for name in alone}
    for r in range(repeats):
        for res in orm:
            pair = [(0, step_argv(res.step, database)),
                    (1, floor_argv(database, res.count.data_selects[0]))]
            for slot, argv in (pair if r % 2 == 0 else pair[::-1]):
                samples[res.step.script][slot].append(runs.timed(argv))
        for name, argv in alone.items():
            alone_times[name].append(runs.timed(argv).seconds)
    floors = []
    for res in orm:
        own, floor = samples[res.step.script]
        t, f = median_of(own)[0], median_of(floor)[0]
        floors.append(Floor(res.step.script, t, f, t / f,
                            len(res.count.statements)))
    startup = StartUp(**{name: statistics.median(times)
                         for name, times in alone_times.items()})
    return tuple(floors), startup
