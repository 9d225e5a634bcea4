"""The command line: bin/check [--json] DIR.

Exit status 0 when every task file present in DIR holds, 1 when any
fails, 2 for a usage or setup error (one line on stderr).  With --json,
stdout holds exactly one JSON object and nothing else.
"""
import sys
from pathlib import Path

USAGE = "usage: bin/check [--json] DIR"


def parse(argv):
    """Read the arguments: ((as_json, folder), None), or (None, error)."""
    as_json = bool(argv) and argv[0] == "--json"
    rest = argv[1:] if as_json else argv
    if len(rest) != 1 or rest[0].startswith("-"):
        return None, USAGE
    if not Path(rest[0]).is_dir():
        return None, "bin/check: {} is not a folder".format(rest[0])
    return (as_json, Path(rest[0])), None


def fail(line):
    """Print one line on stderr; return the usage/setup exit status."""
    print(line, file=sys.stderr)
    return 2


def main(argv):
    """Check the folder named in ``argv``; return the exit status."""
    parsed, error = parse(argv)
    if error:
        return fail(error)
    as_json, folder = parsed
    try:
        from check import report, run
        from check.sandbox import Sandbox
        from lesson.server import MySQLdb
        from lesson.steps import TASK_FILES
    except ImportError as error:
        return fail("bin/check: setup is incomplete: {}".format(error))
    try:
        box = Sandbox(folder)
    except OSError as error:
        return fail("bin/check: cannot copy {}: {}".format(folder, error))
    except MySQLdb.Error as error:
        return fail("bin/check: the login in MYSQL_USER and MYSQL_PWD"
                    " must work and may create users and databases:"
                    " {}".format(error.args[-1]))
    try:
        if not box.present:
            return fail("bin/check: {} holds none of the task's files"
                        .format(folder))
        results = run.check_folder(box)
    except MySQLdb.Error as error:
        return fail("bin/check: the server failed during the check: {}"
                    .format(error.args[-1]))
    finally:
        box.close()
    missing = [n for n in TASK_FILES if n not in results]
    if as_json:
        sys.stdout.write(report.as_json(results, missing) + "\n")
    else:
        sys.stdout.write(report.human(results, missing))
    return 1 if any(results.values()) else 0
