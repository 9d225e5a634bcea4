"""The queries class: what the server received (its general query log).

What the task states: one data SELECT for steps 4, 5, 101 and 102 (for
101 and 102, one more per row is the N+1 problem; two, as selectinload
sends, is a fixed number but still not one), ORDER BY in a SELECT that
returns more than one row, LIMIT 1 for step 8, and the name sent as a
bound value by steps 3, 5 and 10.  Notes (advice): one SELECT for the
other steps, the filtering done by the server's WHERE (re-run, the SELECT
returns exactly the rows printed, on data where MySQL's collation equates
more names).  All
these runs happen under one switch of the log, each on a database of its
own, so the log splits by database.
"""
import time
from concurrent.futures import ThreadPoolExecutor

from check.advice import do
from check.failure import Failure, Note
from check.judge import command, timeout
from harness import queries
from lesson.effects import before
from lesson.path import PATH, Load
from lesson.steps import SAFE

TRAP = ("1-filter_states.py", "9-model_state_filter_a.py")
PLAIN = {"3-my_safe_filter_states.py": "Texas",
         "5-filter_cities.py": "Texas",
         "10-model_state_my_get.py": "Texas"}
EQUAL = {"3-my_safe_filter_states.py": "Nevada",
         "5-filter_cities.py": "nevada",
         "10-model_state_my_get.py": "N\u00e9vada"}
WHERE = TRAP + tuple(SAFE)
BOUND_INPUTS = queries.HOSTILE[:3]
# The steps the task asks to send one query.
ONE_QUERY = ("4-", "5-", "101-", "102-")


def path_index(script):
    """The index in PATH of the last plain run of ``script``."""
    found = [i for i, e in enumerate(PATH) if not isinstance(e, Load)
             and e.script == script and not (set(e.args) & set(
                 queries.HOSTILE))]
    return found[-1] if found else None


def plan(script):
    """The runs of ``script`` to log: [(kind, args)]."""
    if script in SAFE:
        return ([("trap", (PLAIN[script],)), ("trap", (EQUAL[script],))]
                + [("trap", (text,)) for text in BOUND_INPUTS])
    if script in TRAP:
        return [("trap", ())]
    index = path_index(script)
    if index is None or script.startswith(("6-", "11-", "12-", "13-",
                                           "100-")):
        return []
    return [("path", PATH[index].args)]


def prepare(box, script, kind):
    """A database of its own for one logged run."""
    if kind == "trap":
        return box.database("hbtn_0e_4_usa", queries.COLLATION_EQUAL)
    index = path_index(script)
    return box.database(PATH[index].database, before(index))


def printed(script, out):
    """How many rows a step's output shows."""
    if script.startswith("5-"):
        return len(out.strip("\n").split(", ")) if out.strip() else 0
    if script.startswith("10-"):
        return 0 if out == "Not found\n" else 1
    return len(out.splitlines())


def judge_one(box, script, database, args, result, statements):
    """The queries failure or note of one logged run, or None.

    What the task states fails (one query for 4, 5, 101 and 102, ORDER BY
    on a SELECT that returns rows in an order, LIMIT 1 for step 8); what
    it does not state (one SELECT elsewhere, filtering by the server) is
    a note.
    """
    shown = command(script, "hbtn_0e_4_usa" if script in WHERE else
                    PATH[path_index(script)].database, args)
    if result.timed_out:
        return timeout(shown)
    if result.status != 0:
        return None  # the output class reports the crash
    found = [s for s in statements if queries.is_data_select(s)]
    fail = "after {}, ".format(shown)
    if not found:
        return Failure("queries", fail + "the server received no SELECT"
                       " on states or cities", do=do("one select"),
                       command=shown)
    if len(found) > 1:
        return several(script, shown, len(found))
    select = queries.flat(found[0])
    if not queries.ORDER_BY.search(select) and (
            script not in SAFE or len(box.as_student(database, select)) > 1):
        return Failure("queries", fail + "its SELECT has no ORDER BY: {}"
                       .format(select[:160]), do=do("order"), command=shown,
                       cause="order")
    if script.startswith("8-") and not queries.LIMIT_1.search(select):
        return Failure("queries", fail + "its SELECT does not end with"
                       " LIMIT 1, so it reads every state to show one",
                       do=do("limit"), command=shown, cause="limit")
    if script in WHERE:
        return filtered(box, script, database, select, result)
    return None


def several(script, shown, count):
    """The failure (or note) of a run that sent ``count`` SELECTs."""
    fail = "after {}, the server received {} SELECTs".format(shown, count)
    if script.startswith(("101-", "102-")) and count == 2:
        return Failure("queries", fail + ", a fixed number (one for the"
                       " rows, one for all their related rows, as"
                       " selectinload does), not one per row; the task"
                       " asks for one query", do=do("n+1"), command=shown,
                       cause="queries")
    if script.startswith(("101-", "102-")):
        return Failure("queries", fail + ": one more per row, the N+1"
                       " problem; the task asks for one query",
                       do=do("n+1"), command=shown, cause="queries")
    if script.startswith(ONE_QUERY):
        return Failure("queries", fail + "; the task asks for one query"
                       " (one execute())", do=do("one select"),
                       command=shown, cause="queries")
    return Note("queries", "it sends several SELECTs where one would do",
                do("one select"))


def filtered(box, script, database, select, result):
    """The note when the server did not do the step's filtering."""
    if not queries.WHERE.search(select):
        return Note("queries", "its SELECT has no WHERE: the filtering is"
                    " done in Python", do("where"))
    rows = len(box.as_student(database, select))
    shows = printed(script, result.stdout)
    if rows != shows:
        return Note("queries", "its SELECT returns more rows than it"
                    " prints: part of the filtering is done in Python",
                    do("where"))
    return None


def bound_values(box, script, logged):
    """The failure when a safe step's name is not a bound value."""
    runs = logged[script]
    plain = [s for s in runs[0][3] if queries.is_data_select(s)]
    if len(plain) != 1 or runs[0][2].status != 0:
        return None
    for database, args, result, statements in runs[2:]:
        found = [s for s in statements if queries.is_data_select(s)]
        if result.timed_out or len(found) != 1:
            continue
        if not queries.bound(database, plain[0], PLAIN[script], found[0],
                             args[0], box.as_student):
            return Failure("queries", "with the name {!r}, the statement"
                           " changed beyond one bound value: {}".format(
                               args[0], queries.flat(found[0])[:160]),
                           do=do("bound"), cause="pasted")
    return None


def check_all(box, scripts):
    """Run and judge the logged runs: ({script: [failures and notes]},
    {script: [the SELECTs of its first run, flattened]}).
    """
    jobs = [(s, kind, args) for s in scripts for kind, args in plan(s)]
    if not jobs:
        return {}, {}
    databases = [prepare(box, s, kind) for s, kind, _ in jobs]
    with box.general_log() as (cur, start):
        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(
                lambda job: box.step(job[0], job[1], *job[2]),
                [(s, db, args) for (s, _, args), db in zip(jobs,
                                                           databases)]))
        time.sleep(0.05)
        log = box.logged(cur, start)
    logged = {}
    for (script, _, args), database, result in zip(jobs, databases,
                                                   results):
        logged.setdefault(script, []).append(
            (database, args, result, log.get(database, [])))
    verdicts = {}
    selects = {script: [queries.flat(s) for s in runs[0][3]
                        if queries.is_data_select(s)]
               for script, runs in logged.items()}
    for script, runs in logged.items():
        found = [judge_one(box, script, *run) for run in runs[:2]]
        failed = [f for f in found if isinstance(f, Failure)]
        if not failed and script in SAFE:
            failed = [f for f in [bound_values(box, script, logged)] if f]
        notes = [f for f in found if isinstance(f, Note)]
        verdicts[script] = failed[:1] + notes[:1]
    return verdicts, selects
