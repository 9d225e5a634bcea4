"""python3 -m check.verdict REPORT FILE: one task file of a JSON report.

For GitHub Classroom's workflow (check/templates/classroom.yml): REPORT
is what bin/check --json wrote; prints the file's failures (why, the
first differing line, what to do), or that it holds, and exits 0 when it
holds, 1 when it fails or is missing, 2 with one line for bad input.
"""
import json
import sys

from check.gradescope import text
from lesson.steps import TASK_FILES


def main(argv):
    """Print the verdict of one file; return the exit status."""
    if len(argv) != 2 or argv[1] not in TASK_FILES:
        print("usage: python3 -m check.verdict REPORT TASK_FILE",
              file=sys.stderr)
        return 2
    try:
        with open(argv[0], encoding="utf-8") as source:
            report = json.load(source)
        step = report["steps"].get(argv[1])
    except (OSError, ValueError, KeyError, AttributeError) as error:
        print("check.verdict: {} is no bin/check --json report ({})"
              .format(argv[0], error), file=sys.stderr)
        return 2
    print(text(step))
    return 0 if step and step["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
