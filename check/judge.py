"""Turn one run's result into a failure, or None when it holds.

Shared by the classes that compare what a script printed with what it
must print (output, hostile, injection): the first differing line, why in
one sentence, and the advice that fits how it differs.
"""
import shlex

from check.advice import do
from check.failure import Failure, describe, first_difference
from lesson.steps import number

EMPTY = ("Nothing\n", "Not found\n", "\n", "")


def command(script, database, args):
    """The command line as the report shows it (login left out)."""
    return " ".join(["./" + script, "USER", "PASSWORD", database]
                    + [shlex.quote(a) for a in args])


def timeout(shown):
    """The failure of a run that was stopped after 30 s."""
    return Failure("timeout", "{} was still running after 30 s and was"
                   " stopped".format(shown), do=do("timeout"))


def crashed(check, result, where):
    """The failure of a run that ended with a non-zero exit status."""
    lines = result.stderr.strip().split("\n")
    last = lines[-1][:200] if lines else ""
    kind = "connect" if ("Can't connect" in result.stderr
                         or "(2002" in result.stderr
                         or "(2003" in result.stderr) else "crash"
    return Failure(check, "{}, it stopped with exit status {}: {}".format(
        where, result.status, last), do=do(kind))


def advice_for(expected, got, note):
    """The kind of advice that fits how ``got`` differs from expected."""
    if note:
        return note[1]
    found = first_difference(expected, got)
    if sorted(expected.split("\n")) == sorted(got.split("\n")):
        return "order"
    if expected in EMPTY:
        return "empty"
    if found and found[1] and found[2] and \
            found[1].split() == found[2].split():
        return "format"
    return "format"


def compare(check, result, expected, where, shown, trap=None):
    """A failure when ``result`` is not exactly ``expected``, else None.

    ``where`` says on what data and with what input, ``shown`` is the
    command line; ``trap`` (a function of a line) may name the row that
    makes a careless solution differ, as (sentence, advice kind).
    """
    if result.timed_out:
        return timeout(shown)
    if result.status != 0:
        return crashed(check, result, where + " (" + shown + ")")
    if result.stdout == expected:
        return None
    number_, want, have = first_difference(expected, result.stdout)
    note = None
    if trap:
        note = trap(have) or trap(want)
    why = "{} ({}), {}".format(where, shown, describe(expected,
                                                      result.stdout))
    if note:
        why += ": " + note[0]
    return Failure(check, why, want, have,
                   do(advice_for(expected, result.stdout, note)))


def step_number(script):
    """The step number of a script, for sentences: "step 3"."""
    return "step {}".format(number(script))
