"""The connection phase: the server's greeting and the client's login."""
from wire.reader import Reader
from wire.reader import WireError

CAPABILITIES = {1 << 0: "LONG_PASSWORD", 1 << 3: "CONNECT_WITH_DB",
                1 << 9: "PROTOCOL_41", 1 << 11: "SSL",
                1 << 13: "TRANSACTIONS", 1 << 15: "SECURE_CONNECTION",
                1 << 16: "MULTI_STATEMENTS", 1 << 17: "MULTI_RESULTS",
                1 << 19: "PLUGIN_AUTH", 1 << 20: "CONNECT_ATTRS",
                1 << 21: "PLUGIN_AUTH_LENENC_CLIENT_DATA",
                1 << 24: "DEPRECATE_EOF"}


def flags(value):
    """The names of the capability flags set in ``value``, in bit order."""
    return [n for bit, n in sorted(CAPABILITIES.items()) if value & bit]


def greeting(payload):
    """The server's handshake (protocol version 10), field by field."""
    read = Reader(payload, "the server's handshake")
    found = {"protocol": read.int(1)}
    if found["protocol"] != 10:
        raise WireError("the server's handshake: protocol version {}, not"
                        " 10".format(found["protocol"]))
    found["version"] = read.until().decode("ascii", "replace")
    found["connection id"] = read.int(4)
    scramble = read.take(8)
    read.take(1)
    capabilities = read.int(2)
    found["charset"], found["status"] = read.int(1), read.int(2)
    found["capabilities"] = capabilities | read.int(2) << 16
    size = read.int(1)
    # MariaDB uses the last 4 of these 10 reserved bytes for its own
    # extended capabilities.
    read.take(6)
    found["mariadb"] = read.int(4)
    found["scramble"] = scramble + read.take(max(13, size - 8))[:-1]
    found["plugin"] = read.until().decode("ascii", "replace")
    return found


def login(payload):
    """The client's handshake response (protocol 4.1), field by field."""
    read = Reader(payload, "the client's handshake response")
    found = {"capabilities": read.int(4), "max packet": read.int(4),
             "charset": read.int(1)}
    read.take(19)
    caps = found["capabilities"]
    # A MariaDB client (LONG_PASSWORD unset) puts its extended
    # capabilities in the last 4 of the 23 reserved bytes.
    found["mariadb"] = read.int(4) * (not caps & 1)
    found["user"] = read.until().decode("utf-8", "replace")
    if caps & 1 << 21:
        found["auth response"] = read.lenenc_bytes()
    else:
        found["auth response"] = read.take(read.int(1))
    if caps & 1 << 3:
        found["database"] = read.until().decode("utf-8", "replace")
    if caps & 1 << 19:
        found["plugin"] = read.until().decode("ascii", "replace")
    found["attributes"] = attributes(read) if caps & 1 << 20 else {}
    return found


def attributes(read):
    """The connection attributes: (name, value) pairs, length-encoded."""
    inner = Reader(read.lenenc_bytes(), "the connection attributes")
    found = {}
    while inner.left():
        key = inner.lenenc_bytes().decode("utf-8", "replace")
        found[key] = inner.lenenc_bytes().decode("utf-8", "replace")
    return found
