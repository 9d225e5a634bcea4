"""bin/check --gradescope DIR: Gradescope's results.json, and its bundle.

One test per task file, worth WEIGHT points: all of it when the file
holds; SCHOOL_SHARE of it when it passes every check of the school's
checker (output, style, rules, timeout) but fails one of the task's
(hostile, writes, queries, injection); nothing when it fails a check of
the school's or is missing.  Each test's output is the report's why,
first differing line and what to do.  Inside Gradescope's image
(/autograder/results exists) results.json goes there; elsewhere to a new
folder it prints, next to autograder.zip: setup.sh, run_autograder and
this project, ready to upload.
"""
import json
import os
import subprocess
import tempfile
import zipfile
from pathlib import Path

from check.classroom import submission
from check.failure import shown
from harness.server import ROOT
from lesson.steps import TASK_FILES

WEIGHT = 1.0
SCHOOL_SHARE = 0.5
SCHOOL = ("output", "style", "rules", "timeout")
TEMPLATES = Path(__file__).parent / "templates" / "gradescope"


def score(step):
    """The points of one file's entry of the report (None: missing)."""
    if step is None:
        return 0.0
    if step["ok"]:
        return WEIGHT
    if any(f["check"] in SCHOOL for f in step["failures"]):
        return 0.0
    return WEIGHT * SCHOOL_SHARE


def text(step):
    """A test's output: each failure's why, lines and what to do."""
    if step is None:
        return "Missing: not in the submission."
    if step["ok"]:
        return "Holds."
    out = []
    for failure in step["failures"]:
        out.append("[{}] {}".format(failure["check"], failure["why"]))
        if "expected" in failure:
            out.append("    expected: {}\n    got:      {}".format(
                shown(failure["expected"]), shown(failure["got"])))
        out.append("    what to do: " + failure["advice"])
    return "\n".join(out)


def results(entry):
    """results.json's object for one check (a classroom entry)."""
    report = entry["report"]
    if report is None:
        return {"score": 0.0, "execution_time": int(entry["seconds"]),
                "visibility": "visible", "tests": [],
                "output": "Not checked: " + entry["error"]}
    tests = []
    for number, name in enumerate(TASK_FILES, 1):
        step = report["steps"].get(name)
        points = score(step)
        tests.append({"name": name, "number": str(number),
                      "score": points, "max_score": WEIGHT,
                      "status": "passed" if points == WEIGHT else "failed",
                      "output": text(step), "visibility": "visible"})
    advice = ["Advice (no points depend on it): [{}] {}: {}; {}".format(
        n["check"], n["why"], ", ".join(n["files"]), n["advice"])
        for n in report["notes"]]
    return {"score": sum(t["score"] for t in tests),
            "execution_time": int(entry["seconds"]),
            "visibility": "visible", "tests": tests,
            "output": "\n".join(["{} of {} task files hold.".format(
                sum(t["status"] == "passed" for t in tests),
                len(TASK_FILES))] + advice)}


def destination():
    """(results folder, whether it is Gradescope's own)."""
    top = Path(os.environ.get("HBTN_AUTOGRADER", "/autograder"))
    if (top / "results").is_dir():
        return top / "results", True
    return Path(tempfile.mkdtemp(prefix="hbtn-gradescope-")), False


def project_files():
    """The project's files, as git has them (else every file but .local)."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=str(ROOT),
                            stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    if listed.returncode == 0 and listed.stdout:
        return [ROOT / n for n in listed.stdout.decode().split("\0") if n]
    return [p for p in ROOT.rglob("*") if p.is_file() and not {
        ".local", ".git", "__pycache__"} & set(p.relative_to(ROOT).parts)]


def add(archive, path, name):
    """Add one file to the zip, its run bit kept."""
    info = zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0))
    info.external_attr = (os.stat(str(path)).st_mode & 0o777) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, path.read_bytes())


def bundle(folder):
    """Write autograder.zip in ``folder``; its path."""
    target = folder / "autograder.zip"
    with zipfile.ZipFile(str(target), "w") as archive:
        for name in ("setup.sh", "run_autograder"):
            add(archive, TEMPLATES / name, name)
        for path in project_files():
            if path.is_file() and not path.is_symlink():
                add(archive, path, "project/" + str(path.relative_to(ROOT)))
    return target


def write(entry):
    """Write results.json (and the bundle outside Gradescope); paths."""
    folder, inside = destination()
    path = folder / "results.json"
    path.write_text(json.dumps(results(entry), ensure_ascii=False,
                               indent=1) + "\n", "utf-8")
    return [path] if inside else [path, bundle(folder)]
