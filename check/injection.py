"""The injection class: hostile names against steps 3, 5 and 10.

Each input of lesson.injection (the whole data file for the MySQLdb steps,
the first ones of each kind for the slower ORM step) goes to the step as
the state name, on a copy of hbtn_0e_4_usa with tricky states added.  The
step must print exactly the honest answer for that exact name, change
nothing (checksums, row counts, next ids) and, for an input that asks
the server to wait (SLEEP, BENCHMARK), take no longer than a plain run
plus two and a half seconds, twice in a row (a SLEEP(3) that ran would
show).  The check stops at the first input that gets through.  A wrong
answer that a bound name compared with LIKE or a collation gives is
named as that, not as an injection.
"""
import re

from check import diagnose
from check.advice import do
from check.failure import Failure, describe, last_error
from check.judge import command, timeout
from lesson import injection
from lesson.steps import SAFE

DELAY = 2.5
# Only an input that asks the server to wait can show by a delay; on a
# busy machine any slow run would otherwise look like one.
DELAYS = re.compile(r"SLEEP|BENCHMARK", re.I)


def inputs(script):
    """The hostile inputs ``script`` gets."""
    if script.startswith("10-"):
        return injection.SAMPLE
    return injection.INPUTS


def shorten(text):
    """A hostile input as the report shows it: at most 60 characters."""
    return repr(text if len(text) <= 60 else text[:57] + "...")


def verdict(box, script, database, text, data, limit):
    """The failure of one hostile run, or None when it held."""
    shown = command(script, "target", (shorten(text)[1:-1],))
    result = box.step(script, database, text)
    if result.timed_out:
        return timeout(shown)
    why = None
    expected = injection.honest(script, text, data[0], data[1])
    if injection.snapshot(database, box.student) != data[2]:
        why = "the name {} changed the database".format(shorten(text))
    elif result.status != 0:
        why = "the name {} made it fail: {}".format(
            shorten(text), last_error(result.stderr))
    elif result.stdout != expected:
        why = "with the name {}, {}".format(
            shorten(text), describe(expected, result.stdout))
        for compare, cause, kind, tag in diagnose.MISTAKES:
            if result.stdout == injection.honest(
                    script, text, data[0], data[1], compare.equal):
                return Failure("injection", why + ": " + cause + "; the"
                               " name was sent as a value and did not"
                               " change the query", do=do(kind),
                               command=shown, cause=tag)
    elif DELAYS.search(text) and result.seconds > limit and box.step(
            script, database, text).seconds > limit:
        # Slow twice: a machine busy for a moment is not slow twice.
        why = ("the name {} made it run over {} s longer than a plain"
               " run: the SLEEP in it ran".format(shorten(text), DELAY))
    if why is None:
        return None
    return Failure("injection", why + ": the input changed the query",
                   do=do("injection"), command=shown, cause="pasted")


def check(box, script):
    """The injection failures of ``script`` (at most one)."""
    if script not in SAFE:
        return []
    database = box.database()
    injection.build(database)
    states = box.sql("SELECT id, name FROM `{}`.states ORDER BY id"
                     .format(database))
    cities = box.sql("SELECT id, state_id, name FROM `{}`.cities"
                     " ORDER BY id".format(database))
    data = (states, cities, injection.snapshot(database, box.student))
    plain = box.step(script, database, "Arizona")
    if plain.timed_out:
        return [timeout(command(script, "target", ("Arizona",)))]
    unknown = box.step(script, database, "Hawaii")
    if unknown.timed_out:
        return [timeout(command(script, "target", ("Hawaii",)))]
    if (plain.stdout, unknown.stdout) != (
            injection.honest(script, "Arizona", states, cities),
            injection.honest(script, "Hawaii", states, cities)):
        return []  # wrong on plain names: output and hostile say so
    limit = max(plain.seconds, unknown.seconds) + DELAY
    for text in inputs(script):
        found = verdict(box, script, database, text, data, limit)
        if found:
            return [found]
    return []
