"""The command line: bin/check [--json] DIR.

Exit status 0 when every task file present in DIR holds, 1 when any
fails, 2 for a usage or setup error (one line on stderr).  The work runs
in three phases, each file on its own: the checks of the file itself and
a missing argument; then, under one switch of the server's query log, the
runs whose statements are judged; then the task data, the hostile data
and the hostile names.  Independent files run a few at a time.
"""
import os
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

USAGE = "usage: bin/check [--json] DIR"
WORKERS = 4


def parse(argv):
    """(as_json, folder) from the arguments, or a usage error line."""
    as_json = bool(argv) and argv[0] == "--json"
    rest = argv[1:] if as_json else argv
    if len(rest) != 1 or rest[0].startswith("-"):
        return None, USAGE
    if not Path(rest[0]).is_dir():
        return None, "bin/check: {} is not a folder".format(rest[0])
    return (as_json, Path(rest[0])), None


def first_phase(box, name):
    """The checks of the file itself, its import and a missing argument."""
    from check import errors, style
    found, tree = style.style(box.folder / name)
    found += style.rules(box.folder / name, tree)
    failed = style.on_import(box, name)
    if failed:
        found.append(failed)
    if name.split("-", 1)[0].isdigit() and not timed_out(found):
        found += errors.check(box, name)
    return found


def last_phase(box, name):
    """The task data, the hostile data and the hostile names."""
    from check import hostile, injection, output
    found = []
    for part in (output.output, hostile.check, injection.check):
        found += guarded(part, box, name)
        if timed_out(found):
            break
    return found


def guarded(part, box, name):
    """Run one check; a database error it meets becomes its failure."""
    from check.failure import Failure
    from lesson.server import MySQLdb
    try:
        return part(box, name)
    except MySQLdb.Error as error:
        return [Failure("output", "the check could not read its database"
                        " after the script ran ({}): did the script drop"
                        " or change it?".format(error.args[-1]),
                        do="Change only the rows the task names.")]


def timed_out(found):
    """Whether one of the failures is a timeout."""
    return any(f.check == "timeout" for f in found)


def supply_models(box):
    """Give the copy the project's models the folder lacks.

    The school supplies what a student does not write; a step is checked
    with the student's own models where they exist.
    """
    from lesson.server import ROOT
    from lesson.steps import MODELS
    for name in MODELS:
        if name not in box.present:
            shutil.copy2(str(ROOT / name), str(box.folder / name))


def check_folder(box):
    """{file: [failures]} for every task file present in the copy."""
    from check import queries
    names = sorted(box.present, key=cost)
    results = {name: [] for name in names}
    with ThreadPoolExecutor(WORKERS) as pool:
        for name, found in zip(names, pool.map(
                lambda n: first_phase(box, n), names)):
            results[name] += found
    going = [n for n in names if not timed_out(results[n])]
    steps = [n for n in going if n.split("-", 1)[0].isdigit()]
    for name, found in queries.check_all(box, steps).items():
        results[name] += found
    going = [n for n in steps if not timed_out(results[n])]
    with ThreadPoolExecutor(WORKERS) as pool:
        for name, found in zip(going, pool.map(
                lambda n: last_phase(box, n), going)):
            results[name] += found
    return results


def cost(name):
    """Sort key: the files with the most runs start first."""
    from lesson.steps import NAMED, SAFE
    return (name not in SAFE, name not in NAMED, name)


def main(argv):
    """Check the folder named in ``argv``; return the exit status."""
    parsed, error = parse(argv)
    if error:
        print(error, file=sys.stderr)
        return 2
    as_json, folder = parsed
    try:
        from check.sandbox import Sandbox
        from lesson.server import MySQLdb
        box = Sandbox(folder)
    except (ImportError, OSError) as error:
        print("bin/check: setup failed: {}".format(error), file=sys.stderr)
        return 2
    except MySQLdb.Error as error:
        print("bin/check: the login in MYSQL_USER must be able to create"
              " users and databases: {}".format(error.args[-1]),
              file=sys.stderr)
        return 2
    try:
        from check import report
        from lesson.steps import TASK_FILES
        if not box.present:
            print("bin/check: {} holds none of the task's files".format(
                folder), file=sys.stderr)
            return 2
        supply_models(box)
        results = check_folder(box)
        missing = [n for n in TASK_FILES if n not in results]
        text = (report.as_json(results, missing) + "\n" if as_json
                else report.human(results, missing))
        sys.stdout.write(text)
        return 1 if any(results.values()) else 0
    finally:
        box.close()
        os.environ.pop("MYSQL_PWD", None)
