"""How long bin/check --class takes, as a ratio of one folder's time.

/usr/bin/python3 -m bench.check_class [N]: in the same run, on copies of
one small folder (the project's steps 0 and 1 with hints.py, as the
class tests use): one folder checked alone, as the class checks each
(python3 -m check --json, its own server), before and after; then a
class of N copies (default 30), JOBS at a time (check.classroom); then
the start and removal of one folder's sandbox (the copy, its disposable
server, the bubblewrap probe) three times, which is the most a server
shared by the class could save per folder. Prints each time, the ratios
and the load average before and after: other work on the machine slows
every part the same way.
"""
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from check import classroom
from check.sandbox import Sandbox
from harness.server import ROOT

FILES = ("hints.py", "0-select_states.py", "1-filter_states.py")


def folder(path):
    """A copy of FILES in ``path``."""
    path.mkdir()
    for name in FILES:
        shutil.copy2(str(ROOT / name), str(path / name))


def sandbox_seconds(path, rounds=3):
    """The mean seconds to make and remove one folder's sandbox."""
    start = time.monotonic()
    for _ in range(rounds):
        Sandbox(path).close()
    return (time.monotonic() - start) / rounds


def alone(path):
    """The seconds of one folder's check, as the class runs it."""
    entry = classroom.check_one(path)
    assert entry["report"] and entry["report"]["ok"], entry
    return entry["seconds"]


def main(count):
    """Measure once and print the figures."""
    top = Path(tempfile.mkdtemp(prefix="hbtn-classbench-"))
    try:
        for number in range(count):
            folder(top / "s{:02d}".format(number))
        load = os.getloadavg()[0]
        before = alone(top / "s00")
        start = time.monotonic()
        results = classroom.check_class(top, sorted(
            p.name for p in top.iterdir()))
        whole = time.monotonic() - start
        assert all(e["report"] and e["report"]["ok"]
                   for e in results.values())
        after = alone(top / "s00")
        box = sandbox_seconds(top / "s00")
        one = (before + after) / 2
        print("load {:.1f} -> {:.1f}; {} at once; one folder alone {:.1f}"
              " s before, {:.1f} s after; a class of {} folders {:.1f} s:"
              " {:.1f} times one folder (their mean), {:.2f} of one"
              " folder's time per folder; one sandbox with its own server"
              " made and removed: {:.1f} s ({:.0%} of one folder)".format(
                  load, os.getloadavg()[0], classroom.jobs(), before,
                  after, count, whole, whole / one, whole / count / one,
                  box, box / one))
    finally:
        shutil.rmtree(str(top))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
