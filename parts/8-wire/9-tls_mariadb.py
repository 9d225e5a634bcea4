#!/usr/bin/env python3
"""Step 9: TLS on MariaDB: a verified connection, and what a capture sees.

Step 0's query again, through the proxy, but PyMySQL now asks for TLS
and checks the server's identity: its certificate must be signed by the
project's CA (setup made both, .local/tls) and hold the name the client
connected to (ssl_verify_identity).  MySQL's TLS starts inside its own
protocol: the server's handshake and the client's short SSL request
travel in the clear, then everything else, the login and the query
included, is TLS records (a type byte, a version, a length, then
encrypted bytes).  The step prints the driver's rows, then what the
recording holds.  Given a name the certificate does not hold, the
connection is refused before any password or query is sent.

Usage: ./parts/8-wire/9-tls_mariadb.py mysql_username mysql_password
       database_name host_name
"""
import collections
import ssl
import sys

import pymysql

import hints
import kit
import wire

# Step 0's query and its states; step 1's handshake and capabilities.
step0, step1 = kit.step(0), kit.step(1)
# A TLS record's first byte: what it carries.
RECORDS = {20: "change cipher spec", 21: "alert", 22: "handshake",
           23: "application data"}
# A project server started before setup gave it TLS (bin/lib.sh).
NO_TLS = ("bin/start restarts the project's own server with its"
          " certificate, .local/tls")


def record(user, password, database, host):
    """Step 0's query over verified TLS, through a proxy listening on
    ``host``; each direction's bytes, and the rows."""
    with kit.Proxy(kit.mysql(), host) as proxy:
        db = pymysql.connect(host=host, port=proxy.port, user=user,
                             password=password, database=database,
                             charset="utf8mb4", ssl_ca=hints.PROJECT_CA,
                             ssl_verify_identity=True)
        try:
            with db.cursor() as cursor:
                cursor.execute(step0.QUERY)
                rows = cursor.fetchall()
        finally:
            db.close()
    return both_ways(proxy.chunks), rows


def both_ways(chunks):
    """Each direction's bytes, in order of arrival (one connection)."""
    sent = collections.defaultdict(bytes)
    for chunk in chunks:
        sent[chunk.direction] += chunk.data
    return sent


def clear(data, direction):
    """The first packet's payload, sent in the clear; the bytes after it."""
    read = wire.Reader(data, "{}'s first packet".format(direction))
    size = read.int(3)
    read.int(1)  # its sequence number
    return read.take(size), data[read.at:]


def records(data, direction):
    """The types of the TLS records ``data`` is made of, in order."""
    read, found = wire.Reader(data, "{}'s TLS records".format(direction)), []
    while read.left():
        kind, version = read.int(1), read.int(2, "big")
        if kind not in RECORDS or version >> 8 != 3:
            raise kit.WireError("{}: not a TLS record at offset {}".format(
                direction, read.at - 3))
        read.take(read.int(2, "big"))
        found.append(kind)
    return found


def facts(direction, kinds):
    """One line on a direction's records: how they start and end."""
    return "{}  the first 0x{:02x} ({}), the last 0x{:02x} ({})".format(
        direction, kinds[0], RECORDS[kinds[0]], kinds[-1], RECORDS[kinds[-1]])


def main(user, password, database, host):
    """Print the rows, then what travelled in the clear and what did not."""
    sent, rows = record(user, password, database, host)
    hello, server = clear(sent[kit.TO_CLIENT], kit.TO_CLIENT)
    request, client = clear(sent[kit.TO_SERVER], kit.TO_SERVER)
    offered = step1.flags(step1.greeting(hello)["capabilities"])
    if len(request) != 32 or "SSL" not in step1.flags(
            int.from_bytes(request[:4], "little")):
        raise kit.WireError("the client's first packet is not an SSL"
                            " request: it did not ask for TLS")
    print("rows: {}, decrypted by the driver; the certificate verified for"
          " {}".format(len(rows), host))
    print("\nIn the clear:")
    print("{}  seq 0  handshake, TLS offered: {}".format(
        kit.TO_CLIENT, "yes" if "SSL" in offered else "no"))
    print("{}  seq 1  SSL request, 32 bytes: no user, no password".format(
        kit.TO_SERVER))
    print("\nThen TLS records only:")
    print(facts(kit.TO_SERVER, records(client, kit.TO_SERVER)))
    print(facts(kit.TO_CLIENT, records(server, kit.TO_CLIENT)))
    everything = sent[kit.TO_SERVER] + sent[kit.TO_CLIENT]
    print("\nthe query's text in the bytes: {}".format(
        "yes" if step0.QUERY.encode() in everything else "no"))
    print("a state's name in the bytes: {}".format(
        "yes" if any(n.encode() in everything for _, n in rows) else "no"))


def explain(error):
    """A refused certificate in the words of Python's ssl module, without
    its source line; any other error as hints.explain says it."""
    cause = getattr(error, "original_exception", None)
    if isinstance(cause, ssl.SSLCertVerificationError):
        return "Error: the server's certificate was refused: {}".format(
            cause.verify_message)
    return hints.explain(error, {2026: NO_TLS})


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("Usage: {} mysql_username mysql_password database_name"
                 " host_name".format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except (pymysql.Error, kit.WireError, UnicodeError,
            ValueError) as error:
        sys.exit(explain(error))
