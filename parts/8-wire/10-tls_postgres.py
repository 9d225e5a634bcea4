#!/usr/bin/env python3
"""Step 10: TLS on PostgreSQL: sslmode=verify-full, and what a capture sees.

Step 4's query again, through the proxy, with psycopg asking for
sslmode=verify-full: the server's certificate must be signed by the
project's CA (sslrootcert, .local/tls) and hold the name the client
connected to.  The client's first message is an SSLRequest, 8 bytes in
the clear; the server answers one byte, 'S' (yes); then every byte,
the startup message, the password's SCRAM exchange and the query
included, is TLS records, as step 9 reads them.  The step reads the
states as they are (step 4 makes them).  Given a name the certificate
does not hold, the connection is refused before the startup message.

Usage: ./parts/8-wire/10-tls_postgres.py pg_username pg_password
       database_name host_name
"""
import sys

import psycopg

import hints
import kit

# Step 4's query; step 9's bytes and TLS records, read the same way.
step4, step9 = kit.step(4), kit.step(9)
# The SSLRequest: its length (8) and the code 80877103 (1234, 5679).
SSL_REQUEST = (8).to_bytes(4, "big") + (80877103).to_bytes(4, "big")


def record(user, password, database, host):
    """Step 4's query with sslmode=verify-full, through a proxy listening
    on ``host``; each direction's bytes, and the rows."""
    with kit.Proxy(kit.postgres(), host) as proxy:
        login = kit.login(user, password, database)
        login.update(host=host, port=proxy.port, sslmode="verify-full",
                     sslrootcert=hints.PROJECT_CA)
        with psycopg.connect(autocommit=True, **login) as db:
            rows = db.execute(step4.QUERY).fetchall()
    return step9.both_ways(proxy.chunks), rows


def main(user, password, database, host):
    """Print the rows, then what travelled in the clear and what did not."""
    sent, rows = record(user, password, database, host)
    client, server = sent[kit.TO_SERVER], sent[kit.TO_CLIENT]
    if client[:8] != SSL_REQUEST or server[:1] != b"S":
        raise kit.WireError("the connection did not start with an"
                            " SSLRequest answered 'S': it is not TLS")
    print("rows: {}, decrypted by the driver; the certificate verified for"
          " {}".format(len(rows), host))
    print("\nIn the clear:")
    print("{}  SSLRequest, 8 bytes: {}".format(kit.TO_SERVER, " ".join(
        "{:02x}".format(b) for b in SSL_REQUEST)))
    print("{}  'S': yes, TLS".format(kit.TO_CLIENT))
    print("\nThen TLS records only:")
    print(step9.facts(kit.TO_SERVER, step9.records(client[8:],
                                                   kit.TO_SERVER)))
    print(step9.facts(kit.TO_CLIENT, step9.records(server[1:],
                                                   kit.TO_CLIENT)))
    everything = client + server
    print("\nthe query's text in the bytes: {}".format(
        "yes" if step4.QUERY.encode() in everything else "no"))
    print("a state's name in the bytes: {}".format(
        "yes" if any(n.encode() in everything for _, n in rows) else "no"))


def explain(error):
    """The words of libpq on a refused certificate or a server without
    TLS, after the proxy's address; others as hints.explain says them."""
    words = str(error).rsplit(" failed: ", 1)[-1]
    if "certificate" in words:
        return "Error: the server's certificate was refused: " + words
    if "does not support SSL" in words:
        return ("Error: {} (hint: bin/start restarts the project's own"
                " server with its certificate, .local/tls)".format(words))
    return hints.explain(error)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("Usage: {} pg_username pg_password database_name"
                 " host_name".format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except (psycopg.Error, kit.WireError, UnicodeError,
            ValueError) as error:
        sys.exit(explain(error))
