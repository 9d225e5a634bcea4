"""What a statement the server received says about how it was built.

A bound value reaches the server as one string literal (the driver quotes
and escapes it): a hostile input then changes exactly that literal, and
the literal evaluates on the server to exactly the input.  A value pasted
into the SQL text changes the statement itself.  tests/test_queries.py
and bin/check both judge the server's general log with these functions.
"""
import re

from harness.server import query

# One string literal as MySQL reads it (backslash escapes, doubled quotes),
# as a driver writes one: quoted (mysqlclient; _binary'...' for bytes) or
# hexadecimal X'...' (PyMySQL 1.2, for bytes).
LITERAL = re.compile(
    r"(?:_binary\s*)?'(?:[^'\\]|\\.|'')*'|[Xx]'[0-9A-Fa-f]*'", re.S)
ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.I)
LIMIT_1 = re.compile(r"\bLIMIT\s+1\s*$", re.I)
WHERE = re.compile(r"\bWHERE\b", re.I)

# Names that each change the statement if pasted into it; a bound value
# only changes one literal.
HOSTILE = (
    "' OR '1'='1",
    "Arizona'; TRUNCATE TABLE states ; SELECT * FROM states WHERE name = '",
    "a'b\"c\\d%_",
    "\\' OR 1=1 -- ",
    "Texas\\",
    "Qu\u00e9bec' OR name LIKE '%",
)
# Added to hbtn_0e_4_usa: names equal to Nevada or Texas under the
# default collation, each with a city, so that a query filtering by
# collation returns more rows than a step may print.
COLLATION_EQUAL = (
    "INSERT INTO states (id, name) VALUES (6, 'nevada'),"
    " (7, 'N\u00e9vada'), (8, 'Texas '), (9, 'TEXAS')",
    "INSERT INTO cities (id, state_id, name) VALUES"
    " (16, 8, 'Odessa'), (17, 9, 'Waco'), (18, 6, 'Sparks')",
)


def flat(statement):
    """A statement with its whitespace runs collapsed to one space."""
    return " ".join(statement.split())


def split_at(statement, value):
    """Split a statement around the one literal that holds ``value``.

    Returns (prefix, suffix), or None unless exactly one literal holds it.
    """
    hexed = "x'{}'".format(value.encode("utf-8").hex())
    found = [m for m in LITERAL.finditer(statement)
             if m.group().endswith("'" + value + "'")
             or m.group().lower() == hexed]
    if len(found) != 1:
        return None
    return statement[:found[0].start()], statement[found[0].end():]


def middle(statement, prefix, suffix):
    """The part of ``statement`` between a known prefix and suffix.

    None when the statement does not start and end with them.
    """
    if not (statement.startswith(prefix) and statement.endswith(suffix)
            and len(statement) >= len(prefix) + len(suffix)):
        return None
    return statement[len(prefix):len(statement) - len(suffix)]


def evaluate(database, literal, run=query):
    """What the server makes of ``literal`` alone: SELECT <literal>.

    ``run(database, sql)`` sends it (by default as the admin login; only
    text that LITERAL matches in full is ever sent this way).
    """
    rows = run(database, "SELECT " + literal)
    value = rows[0][0]
    if isinstance(value, bytes):
        value = value.decode("utf-8")
    return value


def bound(database, plain, value, hostile, text, run=query):
    """Whether ``text`` reached the server as a bound value.

    ``plain`` is the statement a run with the harmless ``value`` sent,
    ``hostile`` the one a run with ``text`` sent.  True when ``hostile``
    is ``plain`` with only that literal changed, to one that evaluates on
    the server to exactly ``text``.
    """
    parts = split_at(plain, value)
    if parts is None:
        return False
    changed = middle(hostile, *parts)
    if changed is None or not LITERAL.fullmatch(changed):
        return False
    return evaluate(database, changed, run) == text


def is_data_select(statement):
    """Whether a statement is a SELECT that reads states or cities."""
    text = flat(statement)
    return (text.upper().startswith("SELECT")
            and (" states" in text or " cities" in text))


def read_log(cur, start, user):
    """What ``user``'s connections sent since ``start``, by database.

    Reads the general log table (the log must be on, to TABLE) through
    the cursor ``cur``; returns {database: [statement, ...]} in the order
    the server logged them, for each connection whose Connect line names
    ``user`` and a database.
    """
    cur.execute(
        "SELECT thread_id, command_type, CONVERT(argument USING utf8mb4)"
        " FROM mysql.general_log WHERE event_time >= %s"
        " ORDER BY event_time",
        (start,))
    owner, found = {}, {}
    prefix = user + "@"
    for thread, kind, argument in cur.fetchall():
        if kind == "Connect" and argument.startswith(prefix):
            words = argument.split(" on ", 1)
            database = words[1].split(" ")[0] if len(words) > 1 else ""
            owner[thread] = database
        elif kind == "Query" and owner.get(thread):
            found.setdefault(owner[thread], []).append(argument)
    return found
