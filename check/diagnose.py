"""Why an output differs: the known mistakes, replayed on the same rows.

Each known mistake is a way to compute what a step would print on the
rows of the data (lesson.hostile): comparing names under MySQL's default
collation (case, accents and trailing spaces ignored), under a binary
collation (trailing spaces still ignored), with LIKE (its wildcards), or
reading the rows in another order than by id (the statement the server
received says whether the SELECT had an ORDER BY).  The mistake whose
output is the one printed is the cause.  Failing that, the shape of the
difference may name one (a tab typed as spaces, an extra line, the
task's format, the line printed for no row, a 4-byte letter lost); else
nothing is named: the report says how the lines differ, no more.

A cause is (sentence, advice kind, cause); the sentence may be empty.
"""
import re

from lesson import hostile
from harness.queries import ORDER_BY

EMPTY = ("Nothing\n", "Not found\n", "\n")
ORDER_CLAUSE = re.compile(r"\bORDER\s+BY\s+(.*?)(?:\s+LIMIT\b.*)?$",
                          re.I | re.S)
# The narrower mistake first: on a name where two of them print the
# same, the earlier names (case and accent traps come first) already
# ruled out the wider one.
MISTAKES = (
    (hostile.TRAILING, "this is what a comparison that ignores trailing"
     " spaces prints: MySQL's = does so under every collation,"
     " utf8mb4_bin too", "trailing", "trailing spaces"),
    (hostile.LIKE_BINARY, "this is what LIKE prints: a % or _ in the"
     " name matches any text (and a backslash escapes)", "wildcard",
     "wildcard"),
    (hostile.COLLATION, "this is what a comparison under MySQL's default"
     " collation prints: it ignores case and accents (and, with =,"
     " trailing spaces)", "exact", "collation"),
    (hostile.LIKE, "this is what LIKE prints: a % or _ in the name"
     " matches any text (and a backslash escapes), and case and accents"
     " are ignored", "wildcard", "wildcard"),
)


def pieces(script, text):
    """The items a step prints: lines, or names on step 5's one line."""
    if script.startswith("5-"):
        return sorted(text.rstrip("\n").split(", "))
    return sorted(text.split("\n"))


def same_items(script, got, want):
    """Whether ``got`` holds the lines of ``want`` in another order."""
    return got != want and pieces(script, got) == pieces(script, want)


def order_cause(script, expected, got, selects):
    """The cause when the right rows come in another order."""
    if script.startswith("101-") and states_in_order(expected, got):
        return ("the states are in order but the cities under one are"
                " not in id order", "order cities", "order")
    if not selects:
        return "the right rows, in another order", "order", "order"
    found = ORDER_CLAUSE.search(selects[0])
    if not ORDER_BY.search(selects[0]) or not found:
        return ("its SELECT has no ORDER BY, so the rows come in the order"
                " of the index the server read", "order", "order")
    return ("its SELECT orders by {}, not by id".format(
        found.group(1)[:80]), "order", "order")


def states_in_order(expected, got):
    """Step 101: the same state lines in the same order as expected."""
    def states(text):
        """The lines that are not indented."""
        return [line for line in text.split("\n")
                if not line.startswith((" ", "\t"))]
    return states(expected) == states(got)


def first_of_another_order(script, rows, got):
    """Step 8 printed a state, only not the one with the lowest id."""
    return script.startswith("8-") and rows is not None and any(
        got == "{}: {}\n".format(*s) for s in rows.states)


def on_rows(script, rows, args, expected, got, selects=()):
    """The cause of ``got`` on the rows of a dataset, or None."""
    if rows is not None:
        for compare, why, kind, cause in MISTAKES:
            wrong = hostile.matches(script, rows, args, compare)
            if wrong == [expected]:
                continue  # this mistake makes no difference here
            if got in wrong:
                return why, kind, cause
            if any(same_items(script, got, w) for w in wrong):
                return why + "; and the rows are not in id order", \
                    kind, cause
    if same_items(script, got, expected) or first_of_another_order(
            script, rows, got):
        return order_cause(script, expected, got, selects)
    return shape(expected, got)


def lost_letters(expected, got):
    """Whether ``got`` is ``expected`` with its 4-byte letters as ?."""
    return got != expected and "".join(
        "?" if ord(c) > 0xFFFF else c for c in expected) == got


def shape(expected, got):
    """A cause read off the difference itself, or None."""
    want_lines, have_lines = expected.split("\n"), got.split("\n")
    if lost_letters(expected, got):
        return ("a 4-byte letter came back as ?: the connection's"
                " character set is not utf8mb4", "charset", "charset")
    if len(want_lines) == len(have_lines):
        pairs = [(w, h) for w, h in zip(want_lines, have_lines) if w != h]
        if all(w.split() == h.split() for w, h in pairs):
            return "", "spaces", "spaces"
        if all(words(w) == words(h) for w, h in pairs):
            return "", "format", "format"
    extra = [h for h in have_lines if h not in want_lines]
    if extra and [h for h in have_lines if h in want_lines] == want_lines:
        return "", "stray", "stray"
    if expected in EMPTY and (got in EMPTY or got == "" or
                              len(have_lines) == 2):
        return "", "empty", "empty"
    return None


def words(line):
    """The letters and digits of a line, in order: its content."""
    return re.findall(r"\w+", line)


def crash(args, stderr):
    """The cause of a run that stopped with an error, or None."""
    name = args[0] if args else ""
    if ("1064" in stderr or "syntax" in stderr) and any(
            c in name for c in "'\"\\"):
        return ("the name was pasted into the SQL text, and its quote"
                " or backslash broke the query", "pasted", "pasted")
    if "MultipleResultsFound" in stderr:
        return ("the filter matched several rows, as MySQL's collation"
                " makes it do", "several", "collation")
    if "Incorrect string value" in stderr or "1366" in stderr:
        return ("a 4-byte letter could not be sent: the connection's"
                " character set is not utf8mb4", "charset", "charset")
    return None
