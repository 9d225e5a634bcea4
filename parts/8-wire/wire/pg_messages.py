"""PostgreSQL's messages decoded: a name and facts for each type byte.

Each decoder returns (name, facts, masked): facts are short strings and
masked the offsets, in the raw message, of bytes that change from one
run to the next (a table's oid, a process id, a key).
"""
from wire.reader import Reader

SERVER = {"R": "Authentication", "S": "ParameterStatus",
          "K": "BackendKeyData", "Z": "ReadyForQuery", "T": "RowDescription",
          "D": "DataRow", "C": "CommandComplete", "E": "ErrorResponse",
          "N": "NoticeResponse", "1": "ParseComplete", "2": "BindComplete",
          "3": "CloseComplete", "n": "NoData", "t": "ParameterDescription",
          "I": "EmptyQueryResponse"}
CLIENT = {"Q": "Query", "P": "Parse", "B": "Bind", "D": "Describe",
          "E": "Execute", "S": "Sync", "X": "Terminate", "H": "Flush",
          "C": "Close", "p": "PasswordMessage"}
TYPES = {16: "bool", 23: "int4", 25: "text", 1043: "varchar", 20: "int8",
         0: "unspecified"}
STATES = {"I": "idle", "T": "in a transaction", "E": "in a failed"
          " transaction"}


def text(data):
    """Bytes shown as quoted text (UTF-8)."""
    return repr(data.decode("utf-8", "backslashreplace"))


def cstring(read):
    """A NUL-terminated string, as text."""
    return read.until().decode("utf-8", "backslashreplace")


def row_description(read):
    """T: each column's name, table oid (masked), number, type, format."""
    facts, masked = [], set()
    for _ in range(read.int(2, ">")):
        name = cstring(read)
        masked.update(range(read.at + 5, read.at + 9))
        read.take(4)
        number, oid = read.int(2, ">"), read.int(4, ">")
        size, modifier = read.signed(">h"), read.signed(">i")
        fmt = read.int(2, ">")
        facts.append("column {!r}: table oid masked, column {}, type {} ({}),"
                     " size {}, modifier {}, format {}".format(
                         name, number, oid, TYPES.get(oid, "?"), size,
                         modifier, "text" if fmt == 0 else "binary"))
    return facts, masked


def values(read):
    """A count, then each value's length (-1 for NULL) and its bytes."""
    found = []
    for _ in range(read.int(2, ">")):
        size = read.signed(">i")
        found.append("NULL" if size < 0 else text(read.take(size)))
    return found


def data_row(read):
    """D: the row's values, as text."""
    return [", ".join(values(read))], set()


def parse(read):
    """P: the statement's name, its SQL with $1..., the types given."""
    name, sql = cstring(read), cstring(read)
    types = [read.int(4, ">") for _ in range(read.int(2, ">"))]
    return (["statement {!r}".format(name), sql]
            + ["parameter type {} ({})".format(t, TYPES.get(t, "?"))
               for t in types]), set()


def bind(read):
    """B: portal, statement, the values' formats, the values, raw."""
    portal, name = cstring(read), cstring(read)
    formats = [read.int(2, ">") for _ in range(read.int(2, ">"))]
    given = values(read)
    results = [read.int(2, ">") for _ in range(read.int(2, ">"))]
    return (["portal {!r}".format(portal), "statement {!r}".format(name),
             "parameter formats {}".format(formats)]
            + ["value " + v for v in given]
            + ["result formats {}".format(results)]), set()


def simple(read, kind, server):
    """The short messages: a string, a byte, a name, or nothing."""
    if kind == "Q" or server and kind == "C":
        return [cstring(read)], set()
    if kind == "Z":
        state = chr(read.int(1))
        return ["{} ({})".format(state, STATES.get(state, "?"))], set()
    if kind == "E":
        portal = cstring(read)
        return ["portal {!r}, at most {} rows (0: all of them)".format(
            portal, read.int(4, ">"))], set()
    if kind in "DC":
        what = {"S": "statement", "P": "portal"}.get(chr(read.int(1)), "?")
        return ["{} {!r}".format(what, cstring(read))], set()
    return [], set()


def error_fields(read):
    """E or N from the server: its fields, each a code letter and text."""
    found = {}
    while read.left() > 1:
        code = chr(read.int(1))
        found[code] = cstring(read)
    return ["{} {}".format(found.get("S", ""), found.get("C", "")),
            found.get("M", "")], set()


def decode(frame):
    """Decode one message of either side: (name, facts, masked)."""
    read = Reader(frame.body, "a {!r} message".format(frame.type))
    server = frame.direction.startswith("server")
    kind = frame.type
    if kind == "":
        return "StartupMessage", [], set(range(len(frame.raw)))
    names = SERVER if server else CLIENT
    name = names.get(kind, "message {!r}".format(kind))
    if server and kind == "T":
        facts, masked = row_description(read)
    elif server and kind == "D":
        facts, masked = data_row(read)
    elif server and kind in "EN":
        facts, masked = error_fields(read)
    elif server and kind in "RSK":
        # Nonces, keys, settings: they change with each server and run.
        facts, masked = ["masked"], set(range(5, len(frame.raw)))
    elif not server and kind == "P":
        facts, masked = parse(read)
    elif not server and kind == "B":
        facts, masked = bind(read)
    elif not server and kind == "p":
        facts, masked = ["masked"], set(range(5, len(frame.raw)))
    else:
        facts, masked = simple(read, kind, server)
    return name, facts, masked
