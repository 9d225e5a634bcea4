"""The hostile class: the same steps on data built to break them.

The dataset of lesson.hostile (names equal under MySQL's collation but
different as text, quotes, %, _, backslashes, non-ASCII letters, id gaps,
an index that returns rows in name order, states without cities) and an
empty one; what each step must print is computed from their rows in plain
Python (lesson.hostile.expected).  Steps 11 to 13 run on states with id
gaps and tricky names; the rows they leave are compared with the same
change made in plain SQL.
"""
from check.advice import do
from check.failure import Failure
from check.judge import command, compare, timeout
from check.output import contents, rows_differ
from lesson import hostile
from lesson.effects import EFFECTS, STATES_TABLE
from lesson.steps import NAMED

NAMES = {"2-my_filter_states.py": hostile.NAMES_2,
         "3-my_safe_filter_states.py": hostile.NAMES,
         "5-filter_cities.py": hostile.NAMES,
         "10-model_state_my_get.py": hostile.NAMES_10}
EMPTY_NAMES = ("Nevada", "Hawaii")
READERS = ("0-", "1-", "4-", "7-", "8-", "9-", "14-", "101-", "102-")
WRITES = ("11-model_state_insert.py", "12-model_state_update_id_2.py",
          "13-model_state_delete_a.py")


def trap(line):
    """The tricky name in ``line``, as (sentence, advice kind), or None."""
    if not line:
        return None
    found = [name for name in hostile.TRAPS
             if name in line or repr(name)[1:-1] in line]
    if not found:
        return None
    name = max(found, key=len)
    why, kind = hostile.TRAPS[name]
    return "the table holds a row named {!r}, and {}".format(name, why), kind


def runs(script, label):
    """List the runs of ``script`` on one dataset, as (label, args).

    On the empty tables, two names are enough: one that exists elsewhere
    and one that exists nowhere.
    """
    if script in NAMED:
        names = NAMES[script] if label == "hostile" else EMPTY_NAMES
        return [("with the name {!r}".format(n), (n,)) for n in names]
    return [("", ())]


def on_data(box, script, database, label):
    """The first hostile failure of ``script`` on ``database``, or None."""
    rows = hostile.Rows(database)
    for text, args in runs(script, label):
        result = box.step(script, database, *args)
        shown = command(script, label, args)
        if result.timed_out:
            return timeout(shown)
        where = "on the {} data{}".format(
            label, ", " + text if text else "")
        hint = trap(args[0]) if args else None
        wrong = compare("hostile", result,
                        hostile.expected(script, rows, *args), where, shown,
                        trap, hint)
        if wrong:
            return wrong
    return None


def writer(box, script):
    """The hostile failure of a writing step on gappy, tricky states."""
    rows = [(i, n) for i, n in hostile.STATES if len(n) <= 128]
    insert = ["INSERT INTO states (id, name) VALUES ({}, '{}')".format(
        i, n.replace("\\", "\\\\").replace("'", "''")) for i, n in rows]
    setup = [STATES_TABLE] + insert
    database = box.database(None, setup)
    twin = box.database(None, setup + list(EFFECTS[script]))
    shown = command(script, "hostile", ())
    result = box.step(script, database)
    if result.timed_out:
        return timeout(shown)
    expected = ""
    if script.startswith("11-"):
        expected = "{}\n".format(box.as_student(
            twin, "SELECT MAX(id) FROM states")[0][0])
    wrong = compare("hostile", result, expected, "on the hostile data",
                    shown, trap)
    if wrong:
        return wrong
    differs = rows_differ(contents(box, database), contents(box, twin))
    if differs:
        note = trap(differs)
        why = "after {} on the hostile data, {}".format(shown, differs)
        return Failure("hostile", why + (": " + note[0] if note else ""),
                       do=do(note[1] if note else "rows"))
    return None


def check(box, script):
    """The hostile failures of ``script`` (at most one)."""
    if script in WRITES:
        found = writer(box, script)
        return [found] if found else []
    if not (script in NAMED or script.startswith(READERS)):
        return []
    full = box.database()
    hostile.build(full)
    empty = box.database()
    hostile.build(empty, [], [])
    for database, label in ((full, "hostile"), (empty, "empty")):
        found = on_data(box, script, database, label)
        if found:
            return [found]
    return []
