"""The connection phase printed: what is stable, what is masked, and why.

The server's version, the connection's id, the scramble, the server's
default character set and whether it offers TLS differ from one server
(or one connection) to the next: they are decoded but printed as
"masked", so the output is the same on every MariaDB the project runs.
"""
import hashlib
import textwrap

from wire.mysql_fields import CHARSETS
from wire.mysql_fields import named
from wire.mysql_fields import status
from wire.mysql_login import CAPABILITIES
from wire.mysql_login import flags
from wire.mysql_show import title

# What the client needs from the server; SSL depends on its settings.
NEEDED = [n for n in CAPABILITIES.values() if n != "SSL"]
MASKED_ATTRIBUTES = ("_pid",)


def native_password(password, scramble):
    """The proof mysql_native_password sends instead of the password.

    SHA1(password) XOR SHA1(scramble + SHA1(SHA1(password))): the server
    keeps only SHA1(SHA1(password)), and checks the proof with it.
    """
    stage1 = hashlib.sha1(password).digest()
    stage2 = hashlib.sha1(stage1).digest()
    mix = hashlib.sha1(scramble + stage2).digest()
    return bytes(a ^ b for a, b in zip(stage1, mix))


def listed(name, items):
    """A field whose value is a list, wrapped under its own column."""
    return textwrap.wrap(", ".join(items), 78, initial_indent="  {:<18}"
                         .format(name), subsequent_indent=" " * 20)


def greeting(fields):
    """The lines for the server's handshake."""
    offered = flags(fields["capabilities"])
    return [
        "  protocol version  {}".format(fields["protocol"]),
        "  server version    masked (this server's own text)",
        "  connection id     masked (a new number for each connection)",
        "  scramble          {} random bytes, masked (new for each"
        " connection)".format(len(fields["scramble"])),
        "  auth plugin       " + fields["plugin"],
        "  status            " + status(fields["status"]),
        "  character set     masked (the server's default)",
        *listed("capabilities", [n for n in NEEDED if n in offered]
                + ["and more: masked"])]


def login(fields, password, scramble):
    """The lines for the client's handshake response."""
    proof = fields["auth response"]
    match = proof == native_password(password.encode("utf-8"), scramble)
    lines = [
        *listed("capabilities", flags(fields["capabilities"])),
        "  max packet        {}".format(fields["max packet"]),
        "  character set     " + named(fields["charset"], CHARSETS),
        "  user              " + repr(fields["user"]),
        "  auth response     {} bytes, not the password, but the proof"
        .format(len(proof)),
        "                    SHA1(password) XOR SHA1(scramble +"
        " SHA1(SHA1(password)))",
        "                    recomputed here from both: {}".format(
            "equal" if match else "different"),
        "  database          " + repr(fields.get("database")),
        "  auth plugin       " + fields.get("plugin", "")]
    for key, value in sorted(fields["attributes"].items()):
        shown = "masked" if key in MASKED_ATTRIBUTES else repr(value)
        lines.append("  attribute         {} {}".format(key, shown))
    return lines


def connection(messages, password):
    """The lines for the handshake, the login and the server's answer."""
    hello, answer, result = messages
    return ([title(hello)] + greeting(hello.fields)
            + [title(answer) + " (the handshake response)"]
            + login(answer.fields, password, hello.fields["scramble"])
            + [title(result) + ": logged in, status "
               + status(result.fields["status"])])
