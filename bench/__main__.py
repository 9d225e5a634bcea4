"""Benchmark the read steps at scale, against the mysql command-line client.

Builds large copies of the task databases inside the server (build.py),
runs every read step on each size exactly as a grader does, and records
its wall time, its peak memory and the statements the server received
from it; in the same run, interleaved with the steps, the mysql client
runs the SQL each step sent: every time is a ratio to that (measure.py).
Writes results.md, results.json and time_vs_size.png (report.py), and
prints results.md.

Usage: bench/run [--quick] [--keep] [--out DIR] [--repeats N]
                 [--sizes LABEL,...] [--prefix NAME] [--no-plot]
"""
import argparse
import datetime
import os
import platform
import re
import sys
import time
from pathlib import Path

import MySQLdb

from harness.server import HOST, PORT, ROOT, connect
from bench import build, measure, report, targets
from bench.records import Results, Server, SizeResult
from bench.runs import Runs

# Where a full run writes its results (bench/README.md shows a summary).
RESULTS = ROOT / "bench" / "results"

SETTINGS = ("innodb_buffer_pool_size", "innodb_log_file_size",
            "tmp_table_size", "max_heap_table_size", "sort_buffer_size")


def say(*words):
    """Print a progress line on stderr."""
    print("==>", *words, file=sys.stderr, flush=True)


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit status 1."""

    def error(self, message):
        """Say what is wrong with the command line, in one line."""
        sys.exit("{}: {} (see --help)".format(self.prog, message))


def options(argv):
    """Parse the command line."""
    parser = Parser(prog="bench/run", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="only the task and the two smaller sizes,"
                        " fewer repeats; writes to .local/bench-quick"
                        " unless --out says otherwise")
    parser.add_argument("--keep", action="store_true",
                        help="keep the databases (the next run reuses them)")
    parser.add_argument("--out", help="where results.md, results.json and"
                        " time_vs_size.png go (default: bench/)")
    parser.add_argument("--repeats", type=int, help="repeats per step and"
                        " size, and for the floor (default 5, 3 at"
                        " 1,000,000 cities, 9 for the floor; 3 and 5 with"
                        " --quick)")
    parser.add_argument("--sizes", help="comma-separated size labels, of: "
                        + ", ".join(s.label for s in build.SIZES))
    parser.add_argument("--prefix", default="hbtn_bench",
                        help="the databases' names: PREFIX_LABEL")
    parser.add_argument("--no-plot", action="store_true",
                        help="write no plot (no matplotlib needed)")
    args = parser.parse_args(argv)
    if args.repeats is not None and args.repeats < 1:
        parser.error("--repeats must be at least 1")
    if not re.fullmatch(r"[A-Za-z0-9_]{1,40}", args.prefix):
        parser.error("--prefix: letters, digits and _ only")
    known = {s.label for s in build.SIZES}
    if args.sizes and not set(args.sizes.split(",")) <= known:
        parser.error("--sizes: unknown label in " + args.sizes)
    return args


def chosen_sizes(args):
    """The sizes this run measures, smallest first."""
    if args.sizes:
        return [s for s in build.SIZES if s.label in args.sizes.split(",")]
    return list(build.SIZES[:3] if args.quick else build.SIZES)


def repeats(args, size):
    """How many timed runs ``size`` gets: (per step, for the floor)."""
    if args.repeats:
        return args.repeats, args.repeats
    if args.quick:
        return 3, 5
    return (3 if size.cities >= 1000000 else 5), 9


def repeats_text(args):
    """How many repeats the run made, in words."""
    if args.repeats:
        return str(args.repeats)
    return "3 (5 for the floor)" if args.quick else (
        "5 (3 at 1,000,000 cities; 9 for the floor)")


def server_info():
    """The server's version and memory settings."""
    db = connect()
    try:
        cur = db.cursor()
        cur.execute("SELECT VERSION(), " + ", ".join(
            "@@GLOBAL." + name for name in SETTINGS))
        row = cur.fetchone()
    finally:
        db.close()
    return Server(row[0], dict(zip(SETTINGS, map(int, row[1:]))))


def run(args, sizes, runs):
    """Measure every size; return (SizeResults, floors, start-up)."""
    done, floors, startup = [], (), None
    for size in sizes:
        database = "{}_{}".format(args.prefix, size.label)
        data, built = build.prepare(size, database, say)
        times, floor_times = repeats(args, size)
        steps = measure.measure_size(runs, database, size, data, times, say)
        done.append(SizeResult(size, database, built, steps))
        if size.label == "task":
            floors, startup = measure.measure_floor(
                runs, database, steps, floor_times, say)
    return tuple(done), floors, startup


def drop(args, sizes):
    """Drop the run's databases."""
    say("dropping the {}_* databases".format(args.prefix))
    db = connect()
    try:
        for size in sizes:
            db.cursor().execute("DROP DATABASE IF EXISTS {}_{}".format(
                args.prefix, size.label))
    finally:
        db.close()


def main(argv):
    """Measure, write and print the results."""
    args = options(argv)
    sizes = chosen_sizes(args)
    out = Path(args.out or (ROOT / ".local" / "bench-quick" if args.quick
                            else RESULTS))
    out.mkdir(parents=True, exist_ok=True)
    start, load = time.perf_counter(), os.getloadavg()[0]
    server = server_info()
    runs = Runs()
    try:
        done, floors, startup = run(args, sizes, runs)
    finally:
        runs.close()
        if not args.keep:
            drop(args, sizes)
    import sqlalchemy
    res = Results(
        " ".join(["bench/run"] + argv), datetime.date.today().isoformat(),
        os.cpu_count(), platform.python_version(), sqlalchemy.__version__,
        MySQLdb.__version__, server, repeats_text(args), done, floors,
        startup, tuple(runs.retries), time.perf_counter() - start,
        (load, os.getloadavg()[0]), targets.check(done, floors, startup))
    text = report.markdown(res)
    (out / "results.md").write_text(text, "utf-8")
    report.write_json(res, out / "results.json")
    if not args.no_plot:
        report.plot(res, out / "time_vs_size.png")
    if out.resolve() == RESULTS.resolve():
        report.write_summary(res, ROOT / "bench" / "README.md")
    print(text, end="")
    say("wrote", out / "results.md", "results.json",
        "" if args.no_plot else "and time_vs_size.png")


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except MySQLdb.Error as err:
        sys.exit("bench/run: the server at {}:{}: {}".format(
            HOST, PORT, err.args[-1]))
