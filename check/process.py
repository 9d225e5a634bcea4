"""Running one untrusted process: its own group, a time limit, no mess.

The process starts a session (and so a process group) of its own, with
its output going to files rather than memory and every file it writes
capped (prlimit); the whole group is killed after the time limit, and
again when the process ends, so nothing it started stays behind.  A
process that left its group is found at the end by the mark in its
environment.
"""
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections import namedtuple
from pathlib import Path

LARGEST = 1 << 20
# prlimit is util-linux's: a script that prints for ever fills no disk.
LIMITS = (["prlimit", "--fsize={}".format(16 * LARGEST), "--"]
          if shutil.which("prlimit") else [])
Result = namedtuple("Result", "stdout stderr status seconds timed_out")


def run(argv, cwd, env, timeout, started, account=None):
    """Run ``argv`` in ``cwd``; a Result once it ended or was killed.

    ``started(pid)`` is told the new process group before the wait;
    ``account`` (a pwd entry) is the system user to run as, if not us.
    """
    who = {}
    if account:
        who = dict(user=account.pw_uid, group=account.pw_gid,
                   extra_groups=[])
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        try:
            proc = subprocess.Popen(
                LIMITS + argv, cwd=str(cwd), env=env,
                stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                start_new_session=True, **who)
        except OSError as error:
            return Result("", "{}: {}\n".format(argv[0], error.strerror),
                          126, 0.0, False)
        started(proc.pid)
        timed_out = False
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            kill_group(proc.pid)
            proc.wait()
        kill_group(proc.pid)
        seconds = time.monotonic() - start
        return Result(read(out), read(err), proc.returncode, seconds,
                      timed_out)


def read(stream):
    """The first LARGEST bytes a script wrote to ``stream``, as text."""
    stream.seek(0)
    return stream.read(LARGEST).decode("utf-8", "replace")


def kill_group(pid):
    """Kill the process group ``pid`` leads, if any of it is left."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def kill_marked(tag):
    """Kill every process whose environment carries this run's mark.

    A script may leave its process group (setsid); its environment still
    says HBTN_CHECK_RUN=<tag>, which only this run's scripts hold.
    """
    mark = "HBTN_CHECK_RUN={}".format(tag).encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            held = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if mark in held:
            try:
                os.kill(int(entry.name), signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
