"""Run what the benchmark measures, as separate processes.

Timed commands go through bench/runner.py; counted ones run here, with
the server's general log on.  A command that fails stops the benchmark,
saying which and what it printed, except the failure a second server
can cause (lost_temp_file): that one is run again, and remembered.
"""
import json
import os
import subprocess
import sys

from harness.server import PASSWORD, ROOT, server_log
from bench.records import Sample

PYTHON = "/usr/bin/python3"
BENCH = ROOT / "bench"


def environment():
    """The environment every child runs in (as the tests' run() does)."""
    env = dict(os.environ, LANG="C.UTF-8", MYSQL_PWD=PASSWORD)
    env.pop("PYTHONPATH", None)
    return env


def lost_temp_file(err):
    """Whether a failure is the server losing an on-disk temporary table.

    A mariadbd starting with the same tmpdir (/tmp by default) deletes
    every #sql* file there, including the ones our server is using: the
    query fails with error 6, and running it again is right.
    """
    return "#sql" in err and "Errcode: 2" in err


def describe(argv):
    """A command line in short, for people: no options, no password."""
    return " ".join(a for a in argv
                    if a not in (PYTHON, PASSWORD) and a[:1] != "-")[:120]


class Runs:
    """Runs what is measured, and remembers the runs it had to redo.

    The timed commands go through bench/runner.py: a child's max RSS
    starts at its parent's, so a small process forks them, not this one.
    """

    def __init__(self):
        """Start the runner process."""
        self.retries = []
        self.runner = subprocess.Popen(
            [PYTHON, str(BENCH / "runner.py")], cwd=ROOT, env=environment(),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def close(self):
        """Let the runner end."""
        self.runner.stdin.close()
        self.runner.wait()

    def again(self, argv, returncode, err, attempt):
        """Whether to rerun a failed ``argv``; raise if it truly failed."""
        if returncode == 0 and not err:
            return False
        if lost_temp_file(err) and attempt < 3:
            self.retries.append(describe(argv))
            print("==>   retrying {}: the server lost a temporary file"
                  .format(argv[0]), file=sys.stderr, flush=True)
            return True
        raise SystemExit("{} failed ({}): {}".format(
            describe(argv), returncode, err[-2000:]))

    def timed(self, argv):
        """Run ``argv``, stdout to /dev/null; return its Sample."""
        for attempt in (1, 2, 3):
            self.runner.stdin.write(json.dumps(argv) + "\n")
            self.runner.stdin.flush()
            got = json.loads(self.runner.stdout.readline())
            if not self.again(argv, got["returncode"], got["stderr"],
                              attempt):
                return Sample(got["seconds"], got["cpu"], got["maxrss"])

    def counted(self, argv, database):
        """Run ``argv`` with the log on; (what the server got, stdout)."""
        for attempt in (1, 2, 3):
            with server_log(database) as received:
                proc = subprocess.run(argv, cwd=ROOT, env=environment(),
                                      stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE)
            err = proc.stderr.decode("utf-8", "replace")
            if not self.again(argv, proc.returncode, err, attempt):
                return received, proc.stdout.decode("utf-8")
