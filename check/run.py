"""The phases of one check run, each file on its own.

First the checks of each file itself (style, rules, a missing argument);
then, under one switch of the server's query log, the runs whose
statements are judged (queries); then the task data (output, writes) and,
if it holds, the hostile data, next to the hostile names (injection), as
independent jobs a few at a time.  A file that timed out is killed once:
its remaining checks are skipped.
"""
import shutil
from concurrent.futures import ThreadPoolExecutor

from check import errors, hostile, injection, models, output, queries
from check import rules, style
from check.failure import CLASSES, Failure
from lesson.server import ROOT, MySQLdb
from lesson.steps import MODELS, NAMED, SAFE

WORKERS = 4


def task_then_other_data(box, name):
    """The output and writes classes, then, if they hold, hostile.

    "Wrong on other data" only says something new about a file that is
    right on the task's data.
    """
    found = output.output(box, name)
    return found or hostile.check(box, name)


def model_or_step(box, name):
    """The checks of a model, or the task data then the hostile data."""
    if is_step(name):
        return task_then_other_data(box, name)
    return models.check(box, name)


LAST = (injection.check, model_or_step)


def is_step(name):
    """Whether a task file is a step (it has a number), not a model."""
    return name.split("-", 1)[0].isdigit()


def timed_out(found):
    """Whether one of the failures is a timeout."""
    return any(f.check == "timeout" for f in found)


def cost(name):
    """Sort key: the files with the most runs start first."""
    return (name != "10-model_state_my_get.py", name not in SAFE,
            name not in NAMED, name)


def first_phase(box, name):
    """The checks of the file itself, its import and a missing argument."""
    found, tree = style.style(box.folder / name)
    found += rules.rules(box.folder / name, tree)
    failed = rules.on_import(box, name)
    if failed:
        found.append(failed)
    if is_step(name) and not timed_out(found):
        found += errors.check(box, name)
    return found


def failure_of(error):
    """The failure of a file whose check stopped on ``error``."""
    if isinstance(error, MySQLdb.Error):
        return Failure("output", "the check could not read its database"
                       " after the script ran ({}): did the script drop"
                       " or change it?".format(error.args[-1]),
                       do="Change only the rows the task names.")
    return Failure("output", "the check of this file stopped on {}: {}"
                   .format(type(error).__name__,
                           str(error)[:120] or "no message"),
                   do="Change only the rows the task names, and keep"
                   " the file to the task's shape.")


def guarded(part, box, name):
    """Run one check; whatever error it meets becomes its failure.

    Whatever one file does, the other files are still checked.
    """
    try:
        return part(box, name)
    except Exception as error:  # the report must come all the same
        return [failure_of(error)]


def queries_phase(box, steps):
    """The queries class of ``steps``; if that stops, each on its own."""
    try:
        return queries.check_all(box, steps)
    except Exception:  # one file's runs broke the shared phase
        found = {}
        for name in steps:
            try:
                found.update(queries.check_all(box, [name]))
            except Exception as error:
                found[name] = [failure_of(error)]
        return found


def last_phase(box, name, part, stopped):
    """One of the task data, hostile data and hostile names checks.

    ``stopped`` holds the files that already timed out.
    """
    if name in stopped:
        return []
    found = guarded(part, box, name)
    if timed_out(found):
        stopped.add(name)
    return found


def supply_models(box):
    """Give the copy the project's models the folder lacks.

    The school supplies what a student does not write; a step is checked
    with the student's own models where they exist.
    """
    for name in MODELS:
        if name not in box.present:
            shutil.copy2(str(ROOT / name), str(box.folder / name))


def check_folder(box):
    """Check every task file present in the copy: {file: [failures]}."""
    supply_models(box)
    names = sorted(box.present, key=cost)
    results = {name: [] for name in names}
    with ThreadPoolExecutor(WORKERS) as pool:
        for name, found in zip(names, pool.map(
                lambda n: guarded(first_phase, box, n), names)):
            results[name] += found
    steps = [n for n in names if is_step(n) and not timed_out(results[n])]
    for name, found in queries_phase(box, steps).items():
        results[name] += found
    going = [n for n in names if not timed_out(results[n])]
    stopped = set()
    jobs = sorted(((n, part) for n in going for part in LAST),
                  key=lambda job: (cost(job[0]), LAST.index(job[1])))
    with ThreadPoolExecutor(WORKERS) as pool:
        for (name, _), found in zip(jobs, pool.map(
                lambda job: last_phase(box, job[0], job[1], stopped),
                jobs)):
            results[name] += found
    for found in results.values():
        found.sort(key=lambda f: CLASSES.index(f.check))
    return results
