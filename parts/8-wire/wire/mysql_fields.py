"""The payloads of MySQL's packets, decoded into named values."""
from wire.reader import Reader
from wire.reader import WireError

TYPES = {0: "DECIMAL", 1: "TINY", 2: "SHORT", 3: "LONG", 4: "FLOAT",
         5: "DOUBLE", 6: "NULL", 7: "TIMESTAMP", 8: "LONGLONG", 9: "INT24",
         10: "DATE", 11: "TIME", 12: "DATETIME", 13: "YEAR", 15: "VARCHAR",
         16: "BIT", 246: "NEWDECIMAL", 252: "BLOB", 253: "VAR_STRING",
         254: "STRING"}
CHARSETS = {8: "latin1_swedish_ci", 33: "utf8mb3_general_ci",
            45: "utf8mb4_general_ci", 46: "utf8mb4_bin", 63: "binary",
            224: "utf8mb4_unicode_ci"}
COMMANDS = {0x01: "COM_QUIT", 0x02: "COM_INIT_DB", 0x03: "COM_QUERY",
            0x0e: "COM_PING", 0x16: "COM_STMT_PREPARE",
            0x17: "COM_STMT_EXECUTE", 0x19: "COM_STMT_CLOSE",
            0x1a: "COM_STMT_RESET"}
STATUS = {0x0001: "IN_TRANS", 0x0002: "AUTOCOMMIT",
          0x0008: "MORE_RESULTS_EXISTS", 0x0010: "NO_GOOD_INDEX_USED",
          0x0020: "NO_INDEX_USED", 0x0040: "CURSOR_EXISTS",
          0x0080: "LAST_ROW_SENT", 0x2000: "IN_TRANS_READONLY",
          0x4000: "SESSION_STATE_CHANGED"}


def named(number, names):
    """A number with its name, when it has one: "3 (LONG)"."""
    name = names.get(number)
    return "{} ({})".format(number, name) if name else str(number)


def status(flags):
    """Server status flags as hex and names: "0x0002 (AUTOCOMMIT)"."""
    names = [n for bit, n in sorted(STATUS.items()) if flags & bit]
    return "0x{:04x}{}".format(flags, " ({})".format(", ".join(names))
                               if names else "")


def text(data):
    """Bytes from the wire shown as text (UTF-8), quoted as Python does."""
    return repr(data.decode("utf-8", "backslashreplace"))


def ok(payload):
    """An OK packet: affected rows, last insert id, status, warnings."""
    read = Reader(payload, "an OK packet")
    read.take(1)
    return {"affected rows": read.lenenc_int(),
            "last insert id": read.lenenc_int(), "status": read.int(2),
            "warnings": read.int(2), "info": read.rest()}


def error(payload):
    """An ERR packet: the error code, the SQL state, the message."""
    read = Reader(payload, "an ERR packet")
    read.take(1)
    code = read.int(2)
    state = read.take(6)[1:] if payload[3:4] == b"#" else b""
    return {"code": code, "sqlstate": state.decode("ascii", "replace"),
            "message": read.rest().decode("utf-8", "replace")}


def eof(payload):
    """An EOF packet: the number of warnings and the status flags."""
    read = Reader(payload, "an EOF packet")
    read.take(1)
    return {"warnings": read.int(2), "status": read.int(2)}


def column(payload, extended=False):
    """A column definition (protocol 4.1): where it comes from, its type.

    ``extended``: MariaDB's extended type information was agreed on, so
    a length-encoded block of it follows the names.
    """
    read = Reader(payload, "a column definition")
    found = {}
    for name in ("catalog", "schema", "table", "org_table", "name",
                 "org_name"):
        found[name] = read.lenenc_bytes()
    if extended:
        found["extended"] = read.lenenc_bytes()
    if read.lenenc_int() != 0x0c:
        raise WireError("a column definition: its fixed part must be 12"
                        " bytes long")
    # Where the character set is, in the payload: it is the connection's
    # collation, which differs between servers (masked when shown).
    found["charset_at"] = read.at
    found.update(charset=read.int(2), length=read.int(4), type=read.int(1),
                 flags=read.int(2), decimals=read.int(1))
    read.take(2)
    read.end()
    return found


def text_row(payload, count):
    """A row of the text protocol: ``count`` length-encoded strings."""
    read = Reader(payload, "a text row")
    values = tuple(read.lenenc_bytes() for _ in range(count))
    read.end()
    return values
