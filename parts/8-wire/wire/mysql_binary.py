"""The binary protocol of prepared statements: values apart from the SQL.

COM_STMT_PREPARE sends the SQL with ? marks once; COM_STMT_EXECUTE sends
only the statement's id and the values, each in its type's own binary
form; the rows come back in binary form too.
"""
from wire.reader import Reader
from wire.reader import WireError

# The fixed-size types: their size and struct format.
FIXED = {1: "<b", 2: "<h", 3: "<i", 4: "<f", 5: "<d", 8: "<q", 9: "<i",
         13: "<h"}
STRINGS = {0, 15, 16, 246, 249, 250, 251, 252, 253, 254}


def prepared(payload):
    """The answer to COM_STMT_PREPARE: the id, columns and parameters."""
    read = Reader(payload, "a COM_STMT_PREPARE answer")
    read.take(1)
    found = {"statement id": read.int(4), "columns": read.int(2),
             "parameters": read.int(2)}
    read.take(1)
    found["warnings"] = read.int(2) if read.left() else 0
    return found


def value(read, kind):
    """One value of MySQL type ``kind`` in its binary form."""
    if kind in FIXED:
        return read.signed(FIXED[kind])
    if kind in STRINGS:
        return read.lenenc_bytes()
    raise WireError("{}: type {} is not decoded here".format(read.what,
                                                             kind))


def execute(payload, count):
    """COM_STMT_EXECUTE with ``count`` parameters: id, types, values."""
    read = Reader(payload, "a COM_STMT_EXECUTE")
    read.take(1)
    found = {"statement id": read.int(4), "flags": read.int(1),
             "iterations": read.int(4), "types": (), "values": ()}
    if count:
        nulls = read.int((count + 7) // 8)
        if read.int(1):
            found["types"] = tuple(read.int(2) & 0xff for _ in range(count))
        found["values"] = tuple(
            None if nulls >> i & 1 else value(read, kind)
            for i, kind in enumerate(found["types"]))
    read.end()
    return found


def binary_row(payload, types):
    """A row of the binary protocol: a NULL bitmap, then the values."""
    read = Reader(payload, "a binary row")
    if read.int(1) != 0:
        raise WireError("a binary row must start with 0x00")
    # The bitmap's first two bits are reserved, so it has 2 more bits.
    nulls = read.int((len(types) + 9) // 8)
    values = tuple(None if nulls >> (i + 2) & 1 else value(read, kind)
                   for i, kind in enumerate(types))
    read.end()
    return values
