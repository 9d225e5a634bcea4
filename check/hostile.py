"""The hostile class: the same steps on data built to break them.

The dataset of lesson.hostile (names equal under MySQL's collation but
different as text, quotes, %, _, backslashes, non-ASCII letters, id gaps,
an index that returns rows in name order, states without cities) and an
empty one; what each step must print is computed from their rows in plain
Python (lesson.hostile.expected), and so is what the known mistakes would
print (check.diagnose), to name the cause.  Steps 11 to 13 run on states
with id gaps and tricky names; the rows they leave are compared with the
same change made in plain SQL.
"""
from check import diagnose
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
# What a writing step leaves when it compares under the collation.
MISTAKEN = {"13-model_state_delete_a.py":
            "DELETE FROM states WHERE name LIKE '%a%'"}


def runs(script, label):
    """List the runs of ``script`` on one dataset, as (label, args).

    On the empty tables, two names are enough: one that exists elsewhere
    and one that exists nowhere.
    """
    if script in NAMED:
        names = NAMES[script] if label == "hostile" else EMPTY_NAMES
        return [("with the name {!r}".format(n), (n,)) for n in names]
    return [("", ())]


def on_data(box, script, database, label, selects):
    """The first hostile failure of ``script`` on ``database``, or None.

    ``selects`` are the SELECTs the server received from the script in
    the queries class: evidence for a cause.
    """
    rows = hostile.Rows(database)
    for text, args in runs(script, label):
        result = box.step(script, database, *args)
        shown = command(script, label, args)
        if result.timed_out:
            return timeout(shown)
        where = "on the {} data{}".format(
            label, ", " + text if text else "")
        want = hostile.expected(script, rows, *args)
        wrong = compare("hostile", result, want, where, shown, args,
                        lambda got, a=args, w=want: diagnose.on_rows(
                            script, rows, a, w, got, selects))
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
                    shown)
    if wrong:
        return wrong
    got = contents(box, database)
    differs = rows_differ(got, contents(box, twin))
    if not differs:
        return None
    why = "after {} on the hostile data, {}".format(shown, differs)
    if script in MISTAKEN and got == contents(box, box.database(
            None, setup + [MISTAKEN[script]])):
        return Failure("hostile", why + ": this is what a comparison under"
                       " MySQL's default collation leaves: it ignores case"
                       " and accents", do=do("exact"), command=shown,
                       cause="collation")
    return Failure("hostile", why, do=do("differs"), command=shown)


def check(box, script, selects=()):
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
        found = on_data(box, script, database, label, selects)
        if found:
            return [found]
    return []
