#!/usr/bin/env python3
"""Step 7: from PostgreSQL's bytes of a row to an object and a dictionary.

Step 6 on PostgreSQL: step 4's recording of its SELECT, then what
psycopg and the ORM do with its messages, here by hand.  The
RowDescription ('T') gives each column's name and its type's oid; each
DataRow ('D') holds a length and the text of each value, converted by
that oid (the id arrives as the text "1" of an int4 and becomes the int
1), mapped onto step 6's State and onto a dict.  Last, psycopg's own
rows, which must be the same.  The step reads the states as they are:
step 4 makes the database and its five states.

Usage: ./parts/8-wire/7-postgres_row_to_object.py pg_username
       pg_password database_name
"""
import json
import sys

import psycopg

import hints
import kit
import wire

# Step 4's recording and framing; step 6's State, object and dict.
step4, step6 = kit.step(4), kit.step(6)
# PostgreSQL's type oids of the integers and of the texts.
INTEGERS = {20: "int8", 23: "int4"}
TEXTS = {25: "text", 1043: "varchar"}


def columns_of(frame):
    """T: the name and the type oid of each column, in text format."""
    read, columns = wire.Reader(frame.body, "a 'T' message"), []
    for _ in range(read.int(2, "big")):
        name = read.until().decode("utf-8")
        read.take(6)  # the table's oid, the column's number in it
        oid = read.int(4, "big")
        read.take(6)  # the type's size and modifier
        if read.int(2, "big") != 0:
            raise kit.WireError("column {!r} is in binary format, not"
                                " text".format(name))
        columns.append((name, oid))
    read.end()
    return columns


def values_of(frame):
    """D: each value's bytes (its 4-byte length, -1 for NULL, then it)."""
    read, found = wire.Reader(frame.body, "a 'D' message"), []
    for _ in range(read.int(2, "big")):
        size = read.signed(">i")
        found.append(None if size == -1 else read.take(size))
    read.end()
    return tuple(found)


def convert(data, name, oid):
    """A value in text format of type ``oid`` as a Python value."""
    if data is None:
        return None
    if oid in INTEGERS:
        return int(data.decode("ascii"))
    if oid in TEXTS:
        return data.decode("utf-8")
    known = ", ".join(sorted({**INTEGERS, **TEXTS}.values()))
    raise kit.WireError("column {!r} has type {}, which this step does not"
                        " convert (only {})".format(name, oid, known))


def row_of(frame, columns):
    """D: the row's values as bytes, and converted by their columns."""
    raw = values_of(frame)
    if len(raw) != len(columns):
        raise kit.WireError("a DataRow has {} values for {} columns".format(
            len(raw), len(columns)))
    return raw, tuple(convert(v, *c) for v, c in zip(raw, columns))


def show_row(frame, raw, values, names):
    """Print one row as bytes, values, object, dict and JSON."""
    print("\nrow bytes  " + frame.body.hex(" "))
    print("values     {!r}".format(raw))
    print("converted  {!r}".format(values))
    print("State      {!r}".format(step6.to_object(step6.State, names,
                                                   values)))
    print("dict       {!r}".format(step6.to_dict(names, values)))
    print("JSON       " + json.dumps(step6.to_dict(names, values)))


def main(user, password, database):
    """Print each row's bytes, values, object and dict; then compare."""
    found, rows = step4.record(user, password, database)
    found = step4.between(found, "Q")
    columns = columns_of(next(f for f in found if f.type == "T"))
    # Every row decoded first: a type not converted here prints nothing.
    made = [(f, *row_of(f, columns)) for f in found if f.type == "D"]
    print("columns: " + ", ".join("{}: type {}".format(
        name, wire.named(oid, step4.TYPES)) for name, oid in columns))
    for frame, raw, values in made:
        show_row(frame, raw, values, [name for name, _ in columns])
    print("\npsycopg's own rows are the same: {}".format(
        "yes" if list(rows) == [values for _, _, values in made] else "no"))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("Usage: {} pg_username pg_password database_name"
                 .format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except (psycopg.Error, kit.WireError, UnicodeError,
            ValueError) as error:
        sys.exit(hints.explain(error))
