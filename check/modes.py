"""bin/check --class DIR and bin/check --gradescope DIR.

--class: every student's folder of DIR (check/classroom.py), then the
class report written in DIR: class-report.json, .csv and .html, whose
full paths end the output.  --gradescope: one submission, then
Gradescope's results.json (check/gradescope.py).  Both exit 0 when the
run worked, whatever the students' results; 2 with one line on stderr
for bad input; 130 or 143 when stopped (each folder's check removes
what it made first).
"""
import os
import signal
import sys

from check import classpage, classreport, classroom, gradescope
from check.cli import STOPPED, fail

NAMES = ("class-report.json", "class-report.csv", "class-report.html")


def on_signal(number, frame):
    """Stop the folders' checks, say so, exit 130 or 143."""
    for each in STOPPED:
        signal.signal(each, signal.SIG_IGN)
    classroom.stop_all()
    print("bin/check: stopped by {}; nothing of the run is left".format(
        signal.Signals(number).name), file=sys.stderr, flush=True)
    os._exit(STOPPED[number])


def class_main(top):
    """Check the class in ``top``; write and name the three reports."""
    names, skipped = classroom.student_folders(top)
    for name, why in skipped:
        print("bin/check: not checked: {} {}".format(name, why),
              file=sys.stderr)
    if not names:
        return fail("bin/check: {} holds no student's folder".format(top))
    if not os.access(str(top), os.W_OK):
        return fail("bin/check: cannot write the class report in {}"
                    .format(top))
    results = classroom.check_class(top, names)
    texts = (classreport.as_json(results, skipped),
             classreport.as_csv(results),
             classpage.page(results, "bin/check: " + top.name))
    paths = [top / name for name in NAMES]
    try:
        for path, text in zip(paths, texts):
            path.write_text(text, "utf-8")
    except OSError as error:
        return fail("bin/check: cannot write {}: {}".format(
            error.filename, error.strerror))
    good = sum(bool(e["report"] and e["report"]["ok"])
               for e in results.values())
    broken = sum(e["report"] is None for e in results.values())
    print("{} folders checked: {} hold, {} fail, {} not checked.".format(
        len(results), good, len(results) - good - broken, broken))
    print("\n".join(str(p) for p in paths))
    return 0


def gradescope_main(folder):
    """Check one submission; write results.json (and the bundle)."""
    entry = classroom.check_one(folder)
    try:
        paths = gradescope.write(entry)
    except OSError as error:
        return fail("bin/check: cannot write {}: {}".format(
            error.filename, error.strerror))
    if entry["error"]:
        print("bin/check: not checked: " + entry["error"], file=sys.stderr)
    print("\n".join(str(p) for p in paths))
    return 0


def main(mode, folder):
    """Run ``mode`` (--class or --gradescope) on ``folder``."""
    for number in STOPPED:
        signal.signal(number, on_signal)
    if mode == "--class":
        return class_main(folder)
    return gradescope_main(folder)
