"""One failed check: its class, why, the first differing line, what to do.

The classes, in the groups the report shows them in: what the school's
checker rejects (output, style, rules, timeout), what is wrong on other
data (hostile, writes), and what the task asks in words that the school's
checker does not test (queries, injection).  A Note is advice, not a
failure: robustness the task does not ask for (errors) and preferences
(style, queries); the report lists each note once for the whole folder.
"""
import re
from collections import namedtuple

GROUPS = (
    ("Fails the school's checker", ("output", "style", "rules",
                                    "timeout")),
    ("Wrong on other data", ("hostile", "writes")),
    ("Not what the task asks", ("queries", "injection")),
)
# Which rule each group is: the school's checker's, or the task's.
RULES = {"Fails the school's checker": "school",
         "Wrong on other data": "task", "Not what the task asks": "task"}
ERROR = re.compile(r"[A-Za-z_][\w.]*(Error|Exception|Exit)\b")
# The copy's folder, as an error message may name it: the report shows
# the file's name alone, the same on every run.
COPY = re.compile(r"/[^\s'\"()]*/hbtn-check-[^/\s]*/dir/")
CLASSES = tuple(name for _, names in GROUPS for name in names)


class Failure(namedtuple("Failure",
                         "check why expected got do command cause")):
    """A failed check; ``expected``, ``got``, ``command`` may be None.

    ``cause`` names what went wrong ("order", "collation"...) when the
    evidence showed it: two failures of one file with the same cause are
    one mistake, reported once.
    """

    def __new__(cls, check, why, expected=None, got=None, do="",
                command=None, cause=None):
        """Make a failure; ``check`` must be one of CLASSES."""
        if check not in CLASSES:
            raise ValueError("no such class of check: " + check)
        return super().__new__(cls, check, why, expected, got, do,
                               command, cause)


def rule(check):
    """Whose rule a class of check is: "school" or "task"."""
    return next(RULES[title] for title, names in GROUPS if check in names)


class Note(namedtuple("Note", "check why do")):
    """Advice about a file: never a failure, listed once per folder.

    Files with the same note (same check, why and advice) are listed
    together, so ``why`` says nothing that holds for one file only.
    """


def shown(text):
    """A line as the report shows it: as it is, unless spaces hide in it.

    A line with a tab, a space at either end or a character that does not
    print is shown as a Python string literal, so that they can be seen.
    """
    if text is None:
        return "(no line)"
    if text == "":
        return "(an empty line)"
    if text.isprintable() and text == text.strip():
        return text
    return repr(text)


def last_error(stderr):
    """The line of ``stderr`` that names the error, at most 200 long.

    The last line that starts with an exception's name, else the last line
    that is not SQLAlchemy's [SQL: ...] or [parameters: ...] detail.
    """
    lines = [line.strip() for line in stderr.strip().split("\n")
             if line.strip() and not line.startswith(("(Background on",
                                                      "["))]
    named = [line for line in lines if ERROR.match(line)]
    found = named or lines
    return COPY.sub("", found[-1])[:200] if found else ""


def first_difference(expected, got):
    """Find the first difference: (line number, expected, got lines).

    A line that is not there is None.  None when the texts are equal.
    """
    want, have = expected.split("\n"), got.split("\n")
    for number in range(max(len(want), len(have))):
        a = want[number] if number < len(want) else None
        b = have[number] if number < len(have) else None
        if a != b:
            return number + 1, a, b
    return None


def describe(expected, got):
    """One plain clause saying how ``got`` differs from ``expected``."""
    found = first_difference(expected, got)
    if found is None:
        return "it printed the expected text"
    number, want, have = found
    want_lines, have_lines = expected.split("\n"), got.split("\n")
    if got == "":
        return "it printed nothing"
    if want is not None and have is not None and want.strip() == \
            have.strip() and want.replace(" ", "") != have.replace(" ", ""):
        return "line {} differs only in its spaces or tabs".format(number)
    if have is not None and have not in want_lines:
        return "line {} is {}, which should not be there".format(
            number, shown(have))
    if want is not None and want not in have_lines:
        return "line {} should be {}, which it never printed".format(
            number, shown(want))
    return ("line {} is {} where {} was expected: the right lines, in"
            " another order".format(number, shown(have), shown(want)))
