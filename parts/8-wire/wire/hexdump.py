"""Bytes as a capture tool shows them: offset, 16 bytes of hex, text."""


def printable(byte):
    """The character shown for a byte in the text column: ASCII or '.'."""
    return chr(byte) if 0x20 <= byte < 0x7f else "."


def hexdump(data, masked=(), indent="  "):
    """Return ``data`` as lines of 16 bytes, each with its offset.

    Two lower-case hex digits per byte, separated by spaces, then the
    bytes as ASCII text between bars, as ``hexdump -C`` shows them.  The
    offsets in ``masked`` are shown as ``xx`` (and ``?`` in the text):
    bytes that change from one run to the next.
    """
    lines = []
    for start in range(0, len(data), 16):
        part = data[start:start + 16]
        hexes = ["xx" if start + i in masked else "{:02x}".format(b)
                 for i, b in enumerate(part)]
        text = "".join("?" if start + i in masked else printable(b)
                       for i, b in enumerate(part))
        lines.append("{}{:04x}  {:<47}  |{}|".format(
            indent, start, " ".join(hexes), text))
    return lines
