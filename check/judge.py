"""Turn one run's result into a failure, or None when it holds.

Shared by the classes that compare what a script printed with what it
must print (output, hostile): the first differing line, why in one
sentence, the row of the data that made it differ when one did, and the
advice that fits how it differs.
"""
import re
import shlex

from check.advice import do
from check.failure import Failure, describe, first_difference
from check.failure import last_error

EMPTY = ("Nothing\n", "Not found\n", "\n")
PLAIN = re.compile(r"[\w@%+=:,./-]+\Z")


def quote(arg):
    """An argument as a person would type it in a shell."""
    if PLAIN.match(arg):
        return arg
    if "'" not in arg:
        return "'" + arg + "'"
    if not any(c in arg for c in '"$`\\!'):
        return '"' + arg + '"'
    return shlex.quote(arg)


def command(script, database, args):
    """The command line as the report shows it (login left out)."""
    return " ".join(["./" + script, "USER", "PASSWORD", database]
                    + [quote(a) for a in args])


def timeout(shown):
    """The failure of a run that was stopped after 30 s."""
    return Failure("timeout", "{} was still running after 30 s and was"
                   " stopped".format(shown), do=do("timeout"))


def crashed(check, result, where, hint=None):
    """The failure of a run that ended with a non-zero exit status."""
    last = last_error(result.stderr)
    kind = "connect" if ("Can't connect" in result.stderr
                         or "(2002" in result.stderr
                         or "(2003" in result.stderr) else "crash"
    why = "{}, it stopped with exit status {}: {}".format(
        where, result.status, last)
    if hint and kind == "crash":
        why, kind = why + " (" + hint[0] + ")", hint[1]
    return Failure(check, why, do=do(kind))


def note_for(expected, got, trap):
    """The (sentence, advice kind) the differing line calls for, if any.

    A line printed but not expected, or expected but never printed, may
    name a row of the data that trips careless solutions (``trap``); the
    right lines in another order call for ORDER BY, a line that differs
    in its spaces for exact spacing, an extra line before the right ones
    for printing nothing else.  The sentence may be empty.
    """
    want_lines, have_lines = expected.split("\n"), got.split("\n")
    if sorted(want_lines) == sorted(have_lines):
        return "", "order"
    _, want, have = first_difference(expected, got)
    if trap and have is not None and have not in want_lines:
        return trap(have)
    if trap and want is not None and want not in have_lines:
        return trap(want)
    if want is not None and have is not None and \
            want.split() == have.split():
        return "", "spaces"
    if have is not None and have not in want_lines and want in have_lines:
        return "", "stray"
    return None


def compare(check, result, expected, where, shown, trap=None, hint=None,
            kind=None):
    """A failure when ``result`` is not exactly ``expected``, else None.

    ``where`` says on what data and with what input, ``shown`` is the
    command line; ``trap`` (a function of a line) may name the row that
    makes a careless solution differ, as (sentence, advice kind); ``hint``
    is such a pair for the input itself; ``kind`` forces the advice.
    """
    if result.timed_out:
        return timeout(shown)
    if result.status != 0:
        return crashed(check, result, where + " (" + shown + ")", hint)
    if result.stdout == expected:
        return None
    _, want, have = first_difference(expected, result.stdout)
    note = note_for(expected, result.stdout, trap) or hint
    why = "{} ({}), {}".format(where, shown, describe(expected,
                                                      result.stdout))
    if note and note[0]:
        why += ": " + note[0]
    if kind is None:
        kind = note[1] if note else (
            "empty" if expected in EMPTY else "format")
    return Failure(check, why, want, have, do(kind))
