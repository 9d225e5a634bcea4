"""Turn one run's result into a failure, or None when it holds.

Shared by the classes that compare what a script printed with what it
must print (output, hostile): the first differing line, why in one
sentence, the cause the evidence shows (check.diagnose) and the advice
for that cause; when no cause fits, only how the lines differ.
"""
import re
import shlex

from check import diagnose
from check.advice import do
from check.failure import Failure, describe, first_difference
from check.failure import last_error

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
                   " stopped".format(shown), do=do("timeout"),
                   command=shown, cause="timeout")


def crashed(check, result, where, shown, args=()):
    """The failure of a run that ended with a non-zero exit status."""
    last = last_error(result.stderr)
    why = "{} ({}), it stopped with exit status {}: {}".format(
        where, shown, result.status, last)
    if ("Can't connect" in result.stderr or "(2002" in result.stderr
            or "(2003" in result.stderr):
        return Failure(check, why, do=do("connect"), command=shown,
                       cause="connect")
    cause = diagnose.crash(args, result.stderr)
    if cause is None:
        return Failure(check, why, do=do("crash"), command=shown)
    return Failure(check, why + ": " + cause[0], do=do(cause[1]),
                   command=shown, cause=cause[2])


def compare(check, result, expected, where, shown, args=(), explain=None,
            kind=None):
    """A failure when ``result`` is not exactly ``expected``, else None.

    ``where`` says on what data and with what input, ``shown`` is the
    command line; ``explain`` (a function of the output) names the cause
    from the data's rows, as (sentence, advice kind, cause), or None;
    without it only the shape of the difference can name one.  ``kind``
    forces the advice (the input itself is the cause).
    """
    if result.timed_out:
        return timeout(shown)
    if result.status != 0:
        return crashed(check, result, where, shown, args)
    if result.stdout == expected:
        return None
    _, want, have = first_difference(expected, result.stdout)
    found = (explain(result.stdout) if explain
             else diagnose.shape(expected, result.stdout))
    why = "{} ({}), {}".format(where, shown, describe(expected,
                                                      result.stdout))
    if kind:
        return Failure(check, why, want, have, do(kind), shown,
                       "pasted" if kind == "injection" else kind)
    if found is None:
        return Failure(check, why, want, have, do("differs"), shown)
    if found[0]:
        why += ": " + found[0]
    return Failure(check, why, want, have, do(found[1]), shown, found[2])
