"""bin/check --class DIR: every student's folder of DIR, several at once.

Each folder is checked by a process of its own, exactly as bin/check
checks one folder (python3 -m check --json): its own copy, its own
disposable server, its own accounts and sandboxes, so the containment
is the single run's, and a folder that breaks (a setup error, a crash,
a run past its time) is that student's error, never the class's.
JOBS folders run at once; a line on stderr says each one that ends.
"""
import json
import os
import subprocess
import signal
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

from harness.server import ROOT
from lesson.steps import TASK_FILES

# A folder's own budget is 600 s (check.sandbox.RUN_BUDGET); its process
# is killed a little after that, whatever it is doing.
FOLDER_SECONDS = 660
# The folders' checks running now: a signal stops each (it cleans up).
LIVE = set()
LOCK = threading.Lock()


def jobs():
    """How many folders run at once: HBTN_CHECK_JOBS, else the cores."""
    wanted = os.environ.get("HBTN_CHECK_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return max(1, os.cpu_count() or 1)


def student_folders(top):
    """The students' folders of ``top``: (names, skipped [(name, why)]).

    A link is not followed (it could point anywhere); hidden folders
    (.git) and files are not students.
    """
    names, skipped = [], []
    for path in sorted(top.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_symlink():
            skipped.append((path.name, "is a symbolic link"))
        elif path.is_dir():
            names.append(path.name)
    return names, skipped


def submission(folder):
    """The folder that holds the files: ``folder``, or its only
    subfolder with task files (a zip of a folder, a repository)."""
    try:
        if any((folder / name).is_file() for name in TASK_FILES):
            return folder
        inner = [p for p in sorted(folder.iterdir()) if p.is_dir()
                 and not p.is_symlink()
                 and any((p / n).is_file() for n in TASK_FILES)]
    except OSError:
        # The check itself says what is wrong with the folder.
        return folder
    return inner[0] if len(inner) == 1 else folder


def check_one(folder):
    """Check one folder in a process of its own: an entry of the class.

    {"status": exit status, "report": the folder's JSON report or None,
     "error": one line or None, "seconds": wall-clock time}.
    """
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "check", "--json", str(submission(folder))],
        cwd=str(ROOT), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    with LOCK:
        LIVE.add(proc)
    try:
        out, err = proc.communicate(timeout=FOLDER_SECONDS)
    except subprocess.TimeoutExpired:
        # SIGTERM: the check removes its server, scripts and copy.
        proc.terminate()
        proc.communicate()
        return {"status": None, "report": None, "seconds": FOLDER_SECONDS,
                "error": "the check took over {} s and was stopped".format(
                    FOLDER_SECONDS)}
    finally:
        with LOCK:
            LIVE.discard(proc)
    seconds = round(time.monotonic() - start, 1)
    err = [line.replace("bin/check: ", "", 1) for line in
           err.decode("utf-8", "replace").strip().splitlines()]
    if proc.returncode in (0, 1):
        try:
            report = json.loads(out.decode("utf-8"))
            return {"status": proc.returncode, "report": report,
                    "error": None, "seconds": seconds}
        except ValueError:
            err = ["its report was not JSON"]
    return {"status": proc.returncode, "report": None, "seconds": seconds,
            "error": (err or ["exit status {}".format(proc.returncode)])[-1]}


def progress(done, total, name, entry):
    """One line on stderr for a folder that ended."""
    report = entry["report"]
    if report is None:
        said = "error: " + entry["error"]
    else:
        steps = report["steps"]
        said = "{} of {} files hold".format(
            sum(s["ok"] for s in steps.values()), len(steps))
    print("bin/check: [{}/{}] {}: {} ({:.0f} s)".format(
        done, total, name, said, entry["seconds"]), file=sys.stderr,
        flush=True)


def check_class(top, names, workers=None):
    """Check ``names`` (folders of ``top``), ``workers`` at once.

    Returns {name: entry}, in the order of ``names``.
    """
    found = {}
    with ThreadPoolExecutor(workers or jobs()) as pool:
        running = {pool.submit(check_one, top / name): name
                   for name in names}
        for future in as_completed(running):
            name = running[future]
            found[name] = future.result()
            progress(len(found), len(names), name, found[name])
    return {name: found[name] for name in names}


def stop_all():
    """Stop every folder's check (each removes what it made); wait."""
    with LOCK:
        running = list(LIVE)
    for proc in running:
        proc.send_signal(signal.SIGTERM)
    for proc in running:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
