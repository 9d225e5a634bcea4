"""The output and writes classes: the task's own path, file by file.

output: each command of the path that runs this file, on a copy of its
task database brought to the state the path reaches there by plain SQL
(lesson.effects), never by running another script; stdout byte for byte.
writes: after a step that writes, the rows left in the database (read on
a fresh connection, so only what was committed counts) are the rows the
same change made in plain SQL on a twin copy.
"""
from check.advice import do
from check.failure import Failure
from check.judge import command, compare, timeout
from lesson.effects import EFFECTS, before
from lesson.path import INJECTION, PATH, Load
from lesson.steps import CREATORS, WRITERS


def contents(box, database):
    """The tables of a database and the rows of states and cities.

    Read as the run's account: a script may have left anything there.
    """
    tables = sorted(t for (t,) in box.as_student(
        database, "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = %s", (database,)))
    rows = {}
    if "states" in tables:
        rows["states"] = box.as_student(
            database, "SELECT id, name FROM states ORDER BY id")
    if "cities" in tables:
        rows["cities"] = box.as_student(
            database, "SELECT id, state_id, name FROM cities ORDER BY id")
    return tables, rows


def rows_differ(got, want):
    """One clause saying how the rows left differ from the expected."""
    tables, rows = got
    want_tables, want_rows = want
    missing = [t for t in want_tables if t not in tables]
    if missing:
        return "the table {} does not exist".format(missing[0])
    for table in sorted(want_rows):
        have, need = rows[table], want_rows[table]
        extra = [r for r in have if r not in need]
        lost = [r for r in need if r not in have]
        if lost:
            return "{} should hold {!r}, which is not there".format(
                table, tuple(lost[0]))
        if extra:
            return "{} holds {!r}, which should not be there".format(
                table, tuple(extra[0]))
    return None


def writes(box, script, index, database):
    """The writes failure of the run at PATH[index], or None.

    When the rows are still those before the run, the change was made but
    never committed (or never made at all): the advice says so.
    """
    entry = PATH[index]
    got = contents(box, database)
    twin = box.database(entry.database, before(index) + EFFECTS[script])
    wrong = rows_differ(got, contents(box, twin))
    if wrong is None:
        return None
    start = box.database(entry.database, before(index))
    kind = cause = None
    if script in WRITERS and got == contents(box, start):
        wrong += ": nothing it did is in the database"
        text = (box.folder / script).read_text("utf-8", "replace")
        if "commit(" not in text:
            wrong += ", and it never calls commit()"
            kind = cause = "commit"
    shown = command(script, entry.database, entry.args)
    return Failure("writes", "after {} on the task data, {}".format(
        shown, wrong), do=do(kind or "rows"), command=shown, cause=cause)


def output(box, script):
    """The output and writes failures of ``script``: the first of each."""
    found = []
    for index, entry in enumerate(PATH):
        if isinstance(entry, Load) or entry.script != script:
            continue
        database = box.database(entry.database, before(index))
        shown = command(script, entry.database, entry.args)
        result = box.step(script, database, *entry.args)
        if result.timed_out:
            return [timeout(shown)]
        kind = None
        if INJECTION in entry.args:
            kind = "step 2" if script.startswith("2-") else "injection"
        wrong = compare("output", result, entry.output,
                        "on the task data", shown, entry.args, kind=kind)
        if wrong and not any(f.check == "output" for f in found):
            found.append(wrong)
        if (script in WRITERS or script in CREATORS) and not any(
                f.check == "writes" for f in found):
            failed = writes(box, script, index, database)
            if failed:
                found.append(failed)
    return found
