"""The benchmark's targets (bench/README.md), checked on a run's figures.

Every target is a ratio against a baseline measured in the same run:
the mysql client on the same SQL, or an ORM step's floor.  The sizes
targets speak of are the largest size the run measured.
"""
from bench.records import Target

RAW = 2.5           # x the mysql client, DB-API steps, largest size
ORM = 8.0           # x the mysql client, ORM steps, largest size
RSS = 1.5 * 2 ** 30     # bytes, steps 101 and 102, largest size
FLOOR = 1.2         # x (import sqlalchemy.orm + one query), task size
RELATIONSHIPS = ("101", "102")


def ms(seconds):
    """A duration in milliseconds or seconds, for people."""
    if seconds >= 10:
        return "{:.1f} s".format(seconds)
    if seconds >= 1:
        return "{:.2f} s".format(seconds)
    return "{:.0f} ms".format(seconds * 1000)


def mib(size):
    """A size in bytes, as whole MiB."""
    return "{:.0f}".format(size / 2 ** 20)


def constant_statements(sizes):
    """Every step sends the same number of statements at every size."""
    varying = []
    for res in sizes[0].steps:
        got = [len(s.result(res.step.script).count.statements)
               for s in sizes]
        if len(set(got)) != 1:
            varying.append("{} ({})".format(
                res.step.number, "/".join(map(str, got))))
    return Target("Statements per step constant across sizes", not varying,
                  "varying: " + ", ".join(varying) if varying else
                  "every step sends the same statements at every size")


def one_select(sizes):
    """Every step, 101 and 102 above all, sends one SELECT at every size."""
    got = {r.step.number: "/".join(
        str(len(s.result(r.step.script).count.data_selects)) for s in sizes)
        for r in sizes[0].steps}
    ones = "/".join(["1"] * len(sizes))
    return Target("101 and 102 (and every step): one SELECT at every size",
                  all(v == ones for v in got.values()),
                  "data SELECTs: " + ", ".join(
                      "{} {}".format(n, got[n]) for n in RELATIONSHIPS))


def within(sizes, startup, kind, limit):
    """The steps of ``kind`` within ``limit`` x the client, largest size."""
    big = sizes[-1]
    ratios = [(r.step.number, r.timing.ratio) for r in big.steps
              if r.step.kind == kind]
    worst = max(ratios, key=lambda x: x[1])
    over = ["{} x{:.2f}".format(n, r) for n, r in ratios if r > limit]
    figures = "worst {} x{:.2f}".format(*worst)
    if over:
        figures += "; over: " + ", ".join(over)
    if startup:
        name, alone = (("MySQLdb", startup.import_mysqldb)
                       if kind == "DB-API"
                       else ("sqlalchemy.orm", startup.import_orm))
        figures += ("; start-up alone: `python3 -c 'import {}'` {} = x{:.1f}"
                    " the mysql client's whole `SELECT 1` ({})".format(
                        name, ms(alone), alone / startup.mysql_select_1,
                        ms(startup.mysql_select_1)))
    return Target("{} steps within {}x the mysql client at {:,} cities"
                  .format(kind, limit, big.size.cities), not over, figures)


def memory(sizes):
    """Steps 101 and 102 peak under 1.5 GiB at the largest size."""
    big = sizes[-1]
    rss = [(r.step.number, r.timing.rss) for r in big.steps
           if r.step.number in RELATIONSHIPS]
    return Target("Peak memory of 101 and 102 under 1.5 GiB at {:,} cities"
                  .format(big.size.cities), all(m < RSS for _, m in rss),
                  ", ".join("{} {} MiB".format(n, mib(m)) for n, m in rss))


def floor_target(floors):
    """Every ORM step within 1.2 x its floor on the task database."""
    worst = max(floors, key=lambda f: f.ratio)
    return Target("ORM steps at most {}x (import sqlalchemy.orm + one"
                  " query) on the task database".format(FLOOR),
                  all(f.ratio <= FLOOR for f in floors),
                  "worst {} x{:.2f}; ".format(worst.script.split("-")[0],
                                              worst.ratio)
                  + ", ".join("{} x{:.2f}".format(f.script.split("-")[0],
                                                  f.ratio) for f in floors))


def check(sizes, floors, startup):
    """Every target, met or missed, with the figures that decide it."""
    found = [constant_statements(sizes), one_select(sizes),
             within(sizes, startup, "DB-API", RAW),
             within(sizes, startup, "ORM", ORM), memory(sizes)]
    if floors:
        found.append(floor_target(floors))
    return tuple(found)
