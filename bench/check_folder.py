"""How long bin/check takes on a whole folder, against a baseline.

python3 -m bench.check_folder [ROUNDS]: in the same run, first the
baseline (the task's path replayed once: its 27 commands one after
another, each on a fresh copy of its database, as tests/test_outputs.py
does), then a check of the project's own top-level folder (all 22
files, every class).  It prints the wall-clock seconds of each, the CPU
seconds the scripts and the checker used (for the check: the checker
and its server only, as bubblewrap does not pass its sandboxes' CPU
time up), and the ratio; the project's server must be up for the
baseline (the variables of the README).  The load average is printed
too: other work on the machine slows both the same way.
"""
import os
import resource
import subprocess
import sys
import time

from check import run
from check.sandbox import Sandbox
from lesson.path import DATABASES, PATH, Load
from harness.server import PASSWORD, ROOT, SQL, USER, Databases, mysql_cli


def cpu():
    """CPU seconds used so far by this process and its children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def replay():
    """Run every command of the path once, in order; its seconds.

    As tests/test_outputs.py does: fresh copies of the task databases,
    the file of a Load loaded with the mysql client, each step a process.
    """
    made = Databases()
    try:
        start = time.monotonic()
        copy = {name: made.new(name) for name in DATABASES}
        for entry in PATH:
            if isinstance(entry, Load):
                text = (SQL / entry.file).read_text("utf-8")
                mysql_cli(text.replace(entry.database,
                                       copy[entry.database]))
                continue
            subprocess.run(["./" + entry.script, USER, PASSWORD,
                            copy[entry.database]] + list(entry.args),
                           cwd=str(ROOT), check=True,
                           stdout=subprocess.DEVNULL)
        return time.monotonic() - start
    finally:
        made.drop_all()


def check_own():
    """Check the project's own folder once; (seconds, failing files)."""
    start = time.monotonic()
    box = Sandbox(ROOT)
    try:
        results = run.check_folder(box)
    finally:
        box.close()
    return time.monotonic() - start, [n for n in results if results[n]]


def main(rounds):
    """Measure ``rounds`` times and print one line per round."""
    for number in range(1, rounds + 1):
        load = os.getloadavg()[0]
        used = cpu()
        base = replay()
        base_cpu, used = cpu() - used, cpu()
        seconds, failing = check_own()
        check_cpu = cpu() - used
        print("round {}: load {:.1f}; path replay {:.1f} s ({:.1f} s CPU);"
              " whole-folder check {:.1f} s ({:.1f} s CPU outside the"
              " sandboxes), {:.1f} times"
              " the replay{}".format(
                  number, load, base, base_cpu, seconds, check_cpu,
                  seconds / base, "; FAILING: " + ", ".join(failing)
                  if failing else ""))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
