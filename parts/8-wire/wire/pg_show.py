"""PostgreSQL's messages printed: who, type byte, length, hex, what."""
import textwrap

from wire.hexdump import hexdump
from wire.pg_messages import decode


def show(frame):
    """The lines that print one message: a title, its bytes, its facts."""
    name, facts, masked = decode(frame)
    kind = "{!r} ".format(frame.type) if frame.type else ""
    # The length field counts itself, not the type byte.
    length = len(frame.raw) - (1 if frame.type else 0)
    lines = ["{}  {}{}  length {}".format(
        frame.direction, kind, name, length)]
    lines.extend(hexdump(frame.raw, masked))
    for fact in facts:
        lines.extend(textwrap.wrap(fact, 76, initial_indent="  = ",
                                   subsequent_indent="    ",
                                   break_on_hyphens=False))
    return lines


def between(frames, first, last="Z"):
    """The client's first ``first`` message up to the server's ``last``."""
    start = next(i for i, f in enumerate(frames) if f.type == first
                 and f.direction.startswith("client"))
    end = next(i for i, f in enumerate(frames) if i > start
               and f.type == last and f.direction.startswith("server"))
    return frames[start:end + 1]


def print_all(frames):
    """Print messages, a blank line between two."""
    print("\n\n".join("\n".join(show(f)) for f in frames))
