"""The phases of one check run, each file on its own.

First the checks of each file itself (style, rules, a missing argument);
then, under one switch of the server's query log, the runs whose
statements are judged (queries); then the task data (output, writes) and,
if it holds, the hostile data, next to the hostile names (injection), as
independent jobs a few at a time.  A file that timed out is killed once,
and a file that cannot start (Python cannot read it, or importing it
fails) fails once: their remaining checks are skipped.  Two failures of
one file with the same cause are one mistake: the first is kept.  Advice
(notes) is kept apart from the failures.
"""
import shutil
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from check import errors, hostile, injection, models, output, queries
from check import rules, style
from check.failure import CLASSES, Failure, Note
from harness.server import ROOT, MySQLdb
from lesson.steps import MODELS, NAMED, SAFE, TASK_FILES

WORKERS = 4


class Verdicts(dict):
    """{file: [failures]}, with the folder's notes and misnamed files.

    ``notes`` is {file: [Note]}; ``misnamed`` is [(file, task file)].
    """

    def __init__(self, names):
        """Start with no failure and no note for each of ``names``."""
        super().__init__((name, []) for name in names)
        self.notes = {name: [] for name in names}
        self.misnamed = []


def task_then_other_data(box, name, selects):
    """The output and writes classes, then, if they hold, hostile.

    "Wrong on other data" only says something new about a file that is
    right on the task's data.
    """
    found = output.output(box, name)
    return found or hostile.check(box, name, selects.get(name, ()))


def model_or_step(box, name, selects):
    """The checks of a model, or the task data then the hostile data."""
    if is_step(name):
        return task_then_other_data(box, name, selects)
    return models.check(box, name)


def injection_check(box, name, selects):
    """The injection class (it needs no evidence of the queries)."""
    return injection.check(box, name)


LAST = (injection_check, model_or_step)


def is_step(name):
    """Whether a task file is a step (it has a number), not a model."""
    return name.split("-", 1)[0].isdigit()


def timed_out(found):
    """Whether one failure is a timeout or says the file cannot start."""
    return any(f.check == "timeout" or f.cause == "cannot start"
               for f in found if isinstance(f, Failure))


def one_per_cause(found):
    """The failures, the later of two with the same cause left out."""
    kept, causes = [], set()
    for failure in sorted(found, key=lambda f: CLASSES.index(f.check)):
        if failure.cause is None or failure.cause not in causes:
            kept.append(failure)
            causes.add(failure.cause)
    return kept


def edits(a, b):
    """Whether ``a`` becomes ``b`` by one edit (a letter added, removed,
    changed, or two neighbours swapped)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    return (a[start + 1:] == b[start + 1:] or a[start + 1:] == b[start:]
            or a[start:] == b[start + 1:]
            or (a[start:start + 2] == b[start:start + 2][::-1]
                and a[start + 2:] == b[start + 2:]))


def misnamed(box):
    """The folder's files one edit away from a task file: [(file, task)]."""
    found = []
    for path in sorted(box.folder.iterdir()):
        if path.name in TASK_FILES:
            continue
        near = [t for t in TASK_FILES if edits(path.name, t)]
        if near:
            found.append((path.name, near[0]))
    return found


def cost(name):
    """Sort key: the files with the most runs start first."""
    return (name != "10-model_state_my_get.py", name not in SAFE,
            name not in NAMED, name)


def first_phase(box, name):
    """The checks of the file itself, its import and a missing argument.

    Returns failures and notes.
    """
    found, tree = style.style(box.folder / name)
    found += style.notes(tree) + rules.rules(box.folder / name, tree)
    if not timed_out(found):
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
    """The queries class of ``steps`` and the SELECTs each sent:
    (judged, selects); if that stops, each file on its own."""
    try:
        return queries.check_all(box, steps)
    except Exception:  # one file's runs broke the shared phase
        judged, selects = {}, {}
        for name in steps:
            try:
                found, sent = queries.check_all(box, [name])
                judged.update(found)
                selects.update(sent)
            except Exception as error:
                judged[name] = [failure_of(error)]
        return judged, selects


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


def keep(results, name, found):
    """Add failures to the file's entry and notes to its notes."""
    results[name] += [f for f in found if isinstance(f, Failure)]
    results.notes[name] += [f for f in found if isinstance(f, Note)
                            and f not in results.notes[name]]


def check_folder(box):
    """Check every task file present in the copy: Verdicts."""
    results = Verdicts(box.present)
    results.misnamed = misnamed(box)
    supply_models(box)
    names = sorted(box.present, key=cost)
    with ThreadPoolExecutor(WORKERS) as pool:
        for name, found in zip(names, pool.map(
                lambda n: guarded(first_phase, box, n), names)):
            keep(results, name, found)
    steps = [n for n in names if is_step(n) and not timed_out(results[n])]
    judged, selects = queries_phase(box, steps)
    for name, found in judged.items():
        keep(results, name, found)
    going = [n for n in names if not timed_out(results[n])]
    stopped = set()
    parts = [partial(part, selects=selects) for part in LAST]
    jobs = sorted(((n, i) for n in going for i in range(len(LAST))),
                  key=lambda job: (cost(job[0]), job[1]))
    with ThreadPoolExecutor(WORKERS) as pool:
        for (name, _), found in zip(jobs, pool.map(
                lambda job: last_phase(box, job[0], parts[job[1]],
                                       stopped), jobs)):
            keep(results, name, found)
    for name in names:
        results[name] = one_per_cause(results[name])
    return results
