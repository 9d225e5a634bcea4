#!/usr/bin/env python3
"""Step 1: the handshake and the login, decoded, before any query.

The server speaks first: its version, a scramble (random bytes, new for
each connection), its capabilities and its auth plugin.  The client
answers with its capabilities, the user, a proof computed from the
password and the scramble (never the password), the database.  Then the
commands the driver sends by itself, one line each.

Usage: ./parts/8-wire/1-mysql_handshake.py mysql_username mysql_password
       database_name
"""
import hashlib
import sys
import textwrap

import pymysql

import hints
import kit
import wire

# The capability flags, by bit: what each side can do.
CAPABILITIES = {0: "LONG_PASSWORD", 3: "CONNECT_WITH_DB", 9: "PROTOCOL_41",
                11: "SSL", 13: "TRANSACTIONS", 15: "SECURE_CONNECTION",
                16: "MULTI_STATEMENTS", 17: "MULTI_RESULTS", 19: "PLUGIN_AUTH",
                20: "CONNECT_ATTRS", 21: "PLUGIN_AUTH_LENENC_CLIENT_DATA",
                24: "DEPRECATE_EOF"}
# What the client needs from the server; SSL depends on its settings.
NEEDED = [n for n in CAPABILITIES.values() if n != "SSL"]
CHARSETS = {33: "utf8mb3_general_ci", 45: "utf8mb4_general_ci",
            224: "utf8mb4_unicode_ci"}


def record(user, password, database):
    """Connect with PyMySQL through the proxy, then close; the packets."""
    with kit.Proxy(kit.mysql()) as proxy:
        db = pymysql.connect(host="127.0.0.1", port=proxy.port, user=user,
                             password=password, database=database,
                             charset="utf8mb4", ssl_disabled=True)
        db.close()
    return wire.packets(proxy.chunks)


def flags(value):
    """The names of the capability flags set in ``value``, in bit order."""
    return [n for bit, n in sorted(CAPABILITIES.items()) if value >> bit & 1]


def greeting(payload):
    """The server's handshake (protocol version 10), field by field."""
    read = wire.Reader(payload, "the server's handshake")
    found = {"protocol": read.int(1)}
    if found["protocol"] != 10:
        raise kit.WireError("the server's handshake: protocol version {},"
                            " not 10".format(found["protocol"]))
    found["version"] = read.until().decode("ascii", "replace")
    found["connection id"] = read.int(4)
    scramble = read.take(9)[:8]  # then a 0
    capabilities = read.int(2)
    found["charset"], found["status"] = read.int(1), read.int(2)
    found["capabilities"] = capabilities | read.int(2) << 16
    size = read.int(1)
    # 10 reserved bytes: MariaDB keeps its own capabilities in the last 4.
    read.take(10)
    found["scramble"] = scramble + read.take(max(13, size - 8))[:-1]
    found["plugin"] = read.until().decode("ascii", "replace")
    return found


def login(payload):
    """The client's handshake response (protocol 4.1), field by field."""
    if len(payload) == 32:
        raise kit.WireError("the client asked for TLS: the rest is"
                            " encrypted (hint: connect without TLS)")
    read = wire.Reader(payload, "the client's handshake response")
    found = {"capabilities": read.int(4), "max packet": read.int(4),
             "charset": read.int(1)}
    read.take(23)
    caps = found["capabilities"]
    found["user"] = read.until().decode("utf-8", "replace")
    found["auth response"] = (read.lenenc_bytes() if caps & 1 << 21
                              else read.take(read.int(1)))
    if caps & 1 << 3:
        found["database"] = read.until().decode("utf-8", "replace")
    if caps & 1 << 19:
        found["plugin"] = read.until().decode("ascii", "replace")
    # Connection attributes: name and value pairs, length-encoded.
    pairs = wire.Reader(read.lenenc_bytes() if caps & 1 << 20 else b"",
                        "the connection attributes")
    found["attributes"] = {}
    while pairs.left():
        key = pairs.lenenc_bytes().decode("utf-8", "replace")
        found["attributes"][key] = pairs.lenenc_bytes().decode("utf-8")
    return found


def native_password(password, scramble):
    """The proof mysql_native_password sends instead of the password.

    SHA1(password) XOR SHA1(scramble + SHA1(SHA1(password))): the server
    keeps only SHA1(SHA1(password)), and checks the proof with it.
    """
    stage1 = hashlib.sha1(password).digest()
    mix = hashlib.sha1(scramble + hashlib.sha1(stage1).digest()).digest()
    return bytes(a ^ b for a, b in zip(stage1, mix))


def listed(name, items):
    """A field whose value is a list, wrapped under its own column."""
    return textwrap.wrap(", ".join(items), 78, initial_indent="  {:<18}"
                         .format(name), subsequent_indent=" " * 20)


def show_greeting(fields):
    """The lines for the server's handshake."""
    offered = flags(fields["capabilities"])
    return [
        "  protocol version  {}".format(fields["protocol"]),
        "  server version    masked (this server's own text)",
        "  connection id     masked (a new number for each connection)",
        "  scramble          {} random bytes, masked (new for each"
        " connection)".format(len(fields["scramble"])),
        "  auth plugin       " + fields["plugin"],
        "  status            " + wire.status(fields["status"]),
        "  character set     masked (the server's default)",
        *listed("capabilities", [n for n in NEEDED if n in offered]
                + ["and more: masked"])]


def show_login(fields, password, scramble):
    """The lines for the client's handshake response."""
    proof = fields["auth response"]
    match = proof == native_password(password.encode("utf-8"), scramble)
    lines = [
        *listed("capabilities", flags(fields["capabilities"])),
        "  max packet        {}".format(fields["max packet"]),
        "  character set     " + wire.named(fields["charset"], CHARSETS),
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
        # The client's process id changes with each run.
        shown = "masked" if key == "_pid" else repr(value)
        lines.append("  attribute         {} {}".format(key, shown))
    return lines


def title(packet, name):
    """A packet in one line: who sent it, its seq, what it is."""
    return "{}  seq {}  {}".format(packet.direction, packet.seq, name)


def command(packet):
    """A command, or its answer, in one line: its name, a query's SQL."""
    if not packet.payload:
        raise kit.WireError("an empty packet")
    code = packet.payload[0]
    if packet.direction == kit.TO_CLIENT:
        return title(packet, {0: "OK", 0xff: "ERR"}.get(code, "an answer"))
    name = {0x01: "COM_QUIT", 0x03: "COM_QUERY"}.get(
        code, "command 0x{:02x}".format(code))
    if code == 0x03:
        name += ": " + packet.payload[1:].decode("utf-8")
    return title(packet, name)


def main(user, password, database):
    """Print the connection phase decoded, then the driver's commands."""
    (hello, answer, result), *commands = wire.exchanges(
        record(user, password, database))
    server = greeting(hello.payload)
    print("\n".join([title(hello, "handshake")] + show_greeting(server)))
    print("\n".join([title(answer, "login (the handshake response)")]
                    + show_login(login(answer.payload), password,
                                 server["scramble"])))
    print(title(result, "OK: logged in, status "
                + wire.status(wire.ok(result.payload))))
    print("\nThen the driver's own commands, before any query of yours:")
    for packet in (p for found in commands for p in found):
        print(command(packet))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("Usage: {} mysql_username mysql_password database_name"
                 .format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except (pymysql.Error, kit.WireError, UnicodeError,
            ValueError) as error:
        sys.exit(hints.explain(error))
