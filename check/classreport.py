"""The class report as JSON and CSV, and the verdict of each cell.

The JSON holds every student's own report, exactly as bin/check --json
gives it for that folder alone, or the one line that says why there is
none.  The CSV has one row per student and one column per task file;
the HTML page (check/classpage.py) shows the same cells.
"""
import csv
import io
import json

from lesson.steps import TASK_FILES

COLUMNS = ["student", "files that hold", "error"]


def cell(entry, name):
    """(state, text) of one student's task file.

    state: "holds", "fails", "missing" or "error" (no report).
    """
    report = entry["report"]
    if report is None:
        return "error", "not checked"
    step = report["steps"].get(name)
    if step is None:
        return "missing", "missing"
    if step["ok"]:
        return "holds", "holds"
    checks = []
    for failure in step["failures"]:
        if failure["check"] not in checks:
            checks.append(failure["check"])
    return "fails", "fails: " + " ".join(checks)


def held(entry):
    """'n of m' files present that hold, or '' without a report."""
    report = entry["report"]
    if report is None:
        return ""
    steps = report["steps"]
    return "{} of {}".format(sum(s["ok"] for s in steps.values()),
                             len(steps))


def as_json(results, skipped):
    """The class report: one JSON object, as text."""
    students = {name: {"ok": bool(e["report"] and e["report"]["ok"]),
                       "error": e["error"], "report": e["report"]}
                for name, e in results.items()}
    return json.dumps({"files": list(TASK_FILES), "students": students,
                       "skipped": [{"folder": n, "why": w}
                                   for n, w in skipped]},
                      ensure_ascii=False, indent=1) + "\n"


def as_csv(results):
    """One row per student, one column per task file, as text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS[:2] + list(TASK_FILES) + COLUMNS[2:])
    for name, entry in results.items():
        writer.writerow([name, held(entry)]
                        + [cell(entry, f)[1] for f in TASK_FILES]
                        + [entry["error"] or ""])
    return out.getvalue()
