"""Part 8, the wire: the bytes the steps print are the bytes that travel.

Every step runs as a process against the real servers (MariaDB, and the
project's PostgreSQL for steps 4, 5, 7 and 8).  The tests prove: each
step's output byte for byte (the page's transcripts); on hostile data
the bytes of each row step 0 prints are the UTF-8 bytes of that row read
back with plain SQL, and step 7's dicts are PostgreSQL's own rows; the
decoders on packets built here by hand, where a truncated or malformed
packet is a clear error; the proxy adds nothing; the password never
travels; step 2's text is what the server received, step 3's statement
is really prepared by the server, and psycopg2 inlines the escaped value
where psycopg 3 binds it; with TLS (steps 9 and 10) the proxy relays only
TLS records after a few bytes in the clear, no query and no row, a name
the certificate does not hold is refused before any login, a
connection without TLS is still accepted, and setup's own command-line
client trusts the project's CA.
"""
import ast
import hashlib
import json
import os
import random
import re
import shlex
import socket
import subprocess
import sys
import threading
from pathlib import Path

import MySQLdb
import pytest

from conftest import (PASSWORD, ROOT, USER, Databases, connect, free_port,
                      mysql_cli, query, run_part, server_log, venv)
from lesson import hostile
from harness import transcript
from lesson.path import FIVE
from harness.server import task_sql

# pytest imports this file with its folder first on sys.path, so the
# part's own modules import by name, as its steps import them.
import kit  # noqa: E402
import wire  # noqa: E402
from kit import Proxy  # noqa: E402

PART = ROOT / "parts" / "8-wire"

PAGE = ROOT / "parts" / "8-wire" / "README.md"
HEX = re.compile(r"  [0-9a-f]{4}  (?:[0-9a-fx]{2} ){0,15}[0-9a-fx]{2} *  \|")
STEPS = sorted((p.name for p in PART.glob("[0-9]*-*.py")),
               key=lambda name: int(name.split("-")[0]))
PG = dict(PGUSER=os.environ.get("PGUSER", "root"),
          PGPASSWORD=os.environ.get("PGPASSWORD", "root"),
          PGHOST=os.environ.get("PGHOST", "localhost"))


def run_step(script, *args, env=None):
    """Run a step of the part: ./parts/8-wire/SCRIPT args."""
    return run_part("parts/8-wire/" + script, *args, env=env)


def good(script, *args):
    """Run a step that must succeed; its stdout."""
    proc = run_step(script, *args)
    assert (proc.returncode, proc.stderr) == (0, "")
    return proc.stdout


def printed(output):
    """The packets a step printed: (title line, bytes from its hex)."""
    found = []
    for line in output.split("\n"):
        if line.startswith(("client > server", "server > client")):
            found.append([line, b""])
        elif found and HEX.match(line):
            found[-1][1] += bytes.fromhex(line[8:8 + 47].replace("xx",
                                                                 "00"))
    return [tuple(f) for f in found]


def lenenc(data):
    """A MySQL length-encoded string (short ones only)."""
    assert len(data) < 251
    return bytes([len(data)]) + data


def packet(seq, payload):
    """A MySQL packet: 3 bytes of length, the sequence number, payload."""
    return len(payload).to_bytes(3, "little") + bytes([seq]) + payload


@pytest.fixture(scope="module")
def task_copy():
    """A copy of hbtn_0e_0_usa whose name is as long (13 characters)."""
    name = "hbtn_8w{:06d}".format(os.getpid() % 10 ** 6)
    mysql_cli(task_sql("hbtn_0e_0_usa", name))
    yield name
    mysql_cli("DROP DATABASE IF EXISTS {}".format(name))


@pytest.fixture(scope="module")
def hostile_db():
    """The hostile dataset of lesson/hostile.py in a throw-away database."""
    made = Databases()
    try:
        name = made.new()
        hostile.build(name)
        yield name
    finally:
        made.drop_all()


def retold(output, old, new):
    """A step's output as it is for a database named ``new``, not ``old``.

    The names have the same length, so only their bytes change: in the
    hex of each packet (where a name may run over two lines) and in the
    text beside it and under it.
    """
    lines, out, tokens = output.split("\n"), [], []
    swap = (old.encode().hex(" "), new.encode().hex(" "))
    for line in lines + [""]:
        if HEX.match(line):
            tokens += line[8:8 + 47].split()
            continue
        if tokens:
            data = " ".join(tokens).replace(*swap).split()
            for start in range(0, len(data), 16):
                part = data[start:start + 16]
                text = "".join("?" if t == "xx" else "." if not 32 <= int(
                    t, 16) < 127 else chr(int(t, 16)) for t in part)
                out.append("  {:04x}  {:<47}  |{}|".format(
                    start, " ".join(part), text))
            tokens = []
        out.append(line.replace(old, new))
    return "\n".join(out[:-1])


def test_page_steps_are_exact(task_copy, pg_db):
    """Every step of the page prints exactly what the page shows.

    The page runs on the task database; here each step runs on a copy
    of it whose name has the same length (and on a throw-away PostgreSQL
    database), so another process reloading the task database cannot
    change what this test sees.
    """
    commands = transcript.commands(PAGE)
    assert commands[0].text == ". .local/venv/bin/activate"
    shown = sorted({c.text.split()[0] for c in commands[1:]})
    assert shown == sorted("./parts/8-wire/" + s for s in STEPS)
    for cmd in commands[1:]:
        argv = shlex.split(cmd.text, comments=True)
        assert argv[1:3] == ["root", "root"]
        login = (USER, PASSWORD, task_copy) if argv[3] == "hbtn_0e_0_usa" \
            else (PG["PGUSER"], PG["PGPASSWORD"], pg_db)
        proc = run_step(argv[0].split("/")[-1], *login, *argv[4:])
        # A refusal (exit status 1) is one line on stderr, nothing else.
        out, rest = proc.stdout, proc.stderr
        if cmd.status:
            out, rest = rest, out
        assert (proc.returncode, rest) == (cmd.status, "")
        assert out == retold(cmd.output, "hbtn_0e_0_usa", task_copy)


def test_walkthrough_quotes_step0_bytes():
    """Every run of bytes the page annotates is in step 0's packets."""
    text = PAGE.read_text("utf-8")
    walk = text[text.index("## One exchange"):text.index("## Step 0")]
    first = next(c for c in transcript.commands(PAGE)
                 if "0-mysql_result_set" in c.text)
    data = b"".join(raw for _, raw in printed(first.output))
    quoted = re.findall(r"^((?:[0-9a-f]{2} |\.\.\. )+)", walk, re.M)
    assert len(quoted) >= 20
    for line in quoted:
        for piece in line.split("..."):
            if piece.strip():
                assert bytes.fromhex(piece) in data, line


def test_step0_bytes_are_the_rows_on_the_task_database(task_copy):
    """Step 0's rows are the task's five states, as length-encoded text."""
    packets = printed(good("0-mysql_result_set.py", USER, PASSWORD,
                           task_copy))
    rows = [raw[4:] for title, raw in packets if title.endswith(" row")]
    assert rows == [lenenc(str(i).encode()) + lenenc(n.encode())
                    for i, n in FIVE]
    sql = b"SELECT id, name FROM states ORDER BY id"
    assert packets[0][1] == packet(0, b"\x03" + sql)
    assert [raw[3] for _, raw in packets] == list(range(len(packets)))


def test_step0_hex_is_the_utf8_of_every_hostile_row(hostile_db):
    """On hostile data each row's hex is the row's UTF-8, read back."""
    packets = printed(good("0-mysql_result_set.py", USER, PASSWORD,
                           hostile_db))
    states = sorted(query(hostile_db, "SELECT id, name FROM states"))
    assert len(states) == len(hostile.STATES)
    expected = [lenenc(str(i).encode("utf-8")) + lenenc(n.encode("utf-8"))
                for i, n in states]
    rows = [raw for title, raw in packets if title.endswith(" row")]
    assert [raw[4:] for raw in rows] == expected
    assert all(int.from_bytes(r[:3], "little") == len(r) - 4 for r in rows)
    assert b"\xc3\x91uble" in b"".join(rows)


def test_step6_objects_are_the_rows(hostile_db):
    """Step 6 maps every hostile row onto a State and a dict, exactly."""
    out = good("6-row_to_object.py", USER, PASSWORD, hostile_db)
    states = sorted(query(hostile_db, "SELECT id, name FROM states"))
    made = [line[11:] for line in out.split("\n")
            if line.startswith("State ")]
    assert made == ["State(id={!r}, name={!r})".format(i, n)
                    for i, n in states]
    dicts = [line[11:] for line in out.split("\n") if line.startswith("dict")]
    assert dicts == [repr({"id": i, "name": n}) for i, n in states]
    assert out.endswith("PyMySQL's own rows are the same: yes\n")


def proof(password, scramble):
    """The proof of mysql_native_password, computed here as specified."""
    stage1 = hashlib.sha1(password).digest()
    mix = hashlib.sha1(scramble + hashlib.sha1(stage1).digest()).digest()
    return bytes(a ^ b for a, b in zip(stage1, mix))


def greeting(scramble=b"abcdefgh" + b"ijklmnopqrst"):
    """A MariaDB server handshake, built by hand."""
    caps = 0xf7fe | (0x81ff << 16)
    return (b"\x0a" + b"11.8.0-hand\x00" + (7).to_bytes(4, "little")
            + scramble[:8] + b"\x00" + (caps & 0xffff).to_bytes(2, "little")
            + b"\x2d" + b"\x02\x00" + (caps >> 16).to_bytes(2, "little")
            + b"\x15" + b"\x00" * 6 + b"\x00" * 4 + scramble[8:] + b"\x00"
            + b"mysql_native_password\x00")


def login(answer):
    """A client's handshake response (LONG_PASSWORD, so not MariaDB's)."""
    caps = 1 | 1 << 9 | 1 << 15 | 1 << 19 | 1 << 21
    return (caps.to_bytes(4, "little") + (1 << 24).to_bytes(4, "little")
            + b"\x2d" + b"\x00" * 23 + b"student\x00" + lenenc(answer)
            + b"mysql_native_password\x00")


def column(name, kind, charset):
    """A column definition (protocol 4.1), built by hand."""
    return (lenenc(b"def") + lenenc(b"db") + lenenc(b"states") * 2
            + lenenc(name) * 2 + b"\x0c" + charset.to_bytes(2, "little")
            + (11).to_bytes(4, "little") + bytes([kind]) + b"\x01\x00"
            + b"\x00\x00\x00")


def conversation(row, server_first=None, client_first=None, extra=()):
    """A login and a query whose one row is ``row``, as chunks in order.

    ``server_first``/``client_first`` replace the handshake or the login;
    ``extra`` packets follow the result.
    """
    server = [server_first or packet(0, greeting())]
    client = [client_first or packet(1, login(proof(
        b"secret", b"abcdefghijklmnopqrst")))]
    server.append(packet(2, b"\x00\x00\x00\x02\x00\x00\x00"))
    client.append(packet(0, b"\x03SELECT id, name FROM states"))
    server += [packet(1, b"\x02"), packet(2, column(b"id", 3, 63)),
               packet(3, column(b"name", 253, 45)),
               packet(4, b"\xfe\x00\x00\x02\x00"), packet(5, row),
               packet(6, b"\xfe\x00\x00\x02\x00"), *extra]
    order = [(server, 0), (client, 0), (server, 1), (client, 1)]
    order += [(server, i) for i in range(2, len(server))]
    return [("server > client" if side is server else "client > server",
             side[i]) for side, i in order]


# The steps' decoders import their drivers, which the tests' Python may
# lack: the cases below are decoded by the steps in one process of the
# parts' virtualenv, as a later step decodes them: step 1 the login,
# step 0 the query's result, step 4 PostgreSQL's messages.
DECODE = r"""
import json, sys
import kit, wire
step0, step1, step4 = kit.step(0), kit.step(1), kit.step(4)
step7 = kit.step(7)

def mysql(chunks):
    phase, (command, *answer) = wire.exchanges(wire.packets(chunks))
    hello, login, ok = phase
    hello, login = step1.greeting(hello.payload), step1.login(login.payload)
    found = [step0.query(command)] + step0.result(answer)
    return {"version": hello["version"], "scramble": hello["scramble"].hex(),
            "plugin": hello["plugin"], "user": login["user"],
            "answer": login["auth response"].hex(),
            "status": wire.ok(ok.payload), "names": [m.name for m in found],
            "column": [found[3].fields["name"].hex(), found[3].fields["type"]],
            "row": [v and v.hex() for v in found[5].fields["values"]]}

def postgres(chunks):
    frames = step4.frames(chunks)
    return [[f.type, f.raw.hex(), step4.decode(f).facts] for f in frames]

def proof(chunks):
    return step1.native_password(*(c.data for c in chunks)).hex()

def objects(chunks):
    described, *rows = step4.frames(chunks)
    columns = step7.columns_of(described)
    return [step7.row_of(f, columns)[1] for f in rows]

found = {}
for name, kind, chunks in json.load(sys.stdin):
    chunks = [kit.Chunk(1, d, bytes.fromhex(h)) for d, h in chunks]
    try:
        found[name] = globals()[kind](chunks)
    except kit.WireError as error:
        found[name] = "WireError: {}".format(error)
print(json.dumps(found))
"""
PG_BODY = (b"\x00\x02" + (1).to_bytes(4, "big") + b"7"
           + (6).to_bytes(4, "big") + "Ñuble".encode())
PG_ROW = b"D" + (4 + len(PG_BODY)).to_bytes(4, "big") + PG_BODY


def pg_message(kind, body):
    """A PostgreSQL message: its type byte, its length, its body."""
    return kind + (4 + len(body)).to_bytes(4, "big") + body


def described(*columns, binary=0):
    """A RowDescription ('T') of (name, type oid) columns, built by hand."""
    return pg_message(b"T", len(columns).to_bytes(2, "big") + b"".join(
        name + b"\0" + bytes(4) + (i + 1).to_bytes(2, "big")
        + oid.to_bytes(4, "big") + b"\xff\xff" + b"\xff" * 4
        + binary.to_bytes(2, "big") for i, (name, oid) in enumerate(columns)))


def data_row(*values):
    """A DataRow ('D') of values as bytes, None for NULL."""
    return pg_message(b"D", len(values).to_bytes(2, "big") + b"".join(
        b"\xff" * 4 if v is None else len(v).to_bytes(4, "big") + v
        for v in values))


FOUR = (b"id", 23), (b"big", 20), (b"note", 25), (b"name", 1043)
CASES = {
    "row": ("mysql", conversation(lenenc(b"27") + lenenc("Ñuble".encode()))),
    "null": ("mysql", conversation(lenenc(b"3") + b"\xfb")),
    "proof": ("proof", [("", b"root"), ("", bytes(range(20)))]),
    "header cut": ("mysql", [("client > server", b"\x0a\x00\x00")]),
    "payload cut": ("mysql", [("client > server",
                               b"\x0a\x00\x00\x00\x03SEL")]),
    "row cut": ("mysql", conversation(lenenc(b"27") + b"\x05\xc3\x91")),
    "row long": ("mysql", conversation(lenenc(b"27") + lenenc(b"x") + b"!")),
    "row 0xff": ("mysql", conversation(lenenc(b"27") + b"\xff")),
    "protocol 9": ("mysql", conversation(lenenc(b"1") + lenenc(b"x"), packet(
        0, b"\x09" + greeting()[1:]))),
    "TLS": ("mysql", conversation(lenenc(b"1") + lenenc(b"x"), None, packet(
        1, (1 << 9 | 1 << 11).to_bytes(4, "little") + bytes(28)))),
    "extra": ("mysql", conversation(lenenc(b"1") + lenenc(b"x"), extra=[
        packet(7, b"\x00\x00\x00\x02\x00\x00\x00")])),
    "pg": ("postgres", [("server > client", PG_ROW[:3]),
                        ("server > client", PG_ROW[3:])]),
    "pg cut": ("postgres", [("server > client", PG_ROW[:3])]),
    "pg short": ("postgres", [("server > client", b"Z\0\0\0\x02")]),
    "pg row cut": ("postgres", [("server > client",
                                 b"D\0\0\0\x08\0\x01\0\0")]),
    "objects": ("objects", [("server > client", described(*FOUR)), (
        "server > client", data_row(b"7", b"-9000000000", None,
                                    "Ñuble".encode()))]),
    "objects binary": ("objects", [("server > client", described(
        *FOUR, binary=1))]),
    "objects short": ("objects", [("server > client", described(*FOUR)),
                                  ("server > client", data_row(b"7"))]),
}


@pytest.fixture(scope="module")
def hand():
    """What the steps' decoders make of every case, by name."""
    cases = [(name, kind, [(d, data.hex()) for d, data in chunks])
             for name, (kind, chunks) in CASES.items()]
    python = venv() / "bin" / "python"
    out = subprocess.run([str(python), "-c", DECODE], cwd=ROOT, check=True,
                         input=json.dumps(cases).encode(),
                         env=dict(os.environ, PYTHONPATH=str(PART)),
                         stdout=subprocess.PIPE).stdout
    return json.loads(out)


def test_decoder_reads_packets_built_by_hand(hand):
    """Every field of a hand-built login and result set decodes back."""
    found = hand["row"]
    assert found["names"] == [
        "COM_QUERY", "column count: 2", "column definition",
        "column definition", "EOF (end of the definitions)", "row",
        "EOF (end of the result)"]
    assert found["version"] == "11.8.0-hand"
    assert found["scramble"] == b"abcdefghijklmnopqrst".hex()
    assert found["plugin"] == "mysql_native_password"
    assert found["user"] == "student"
    assert found["answer"] == proof(b"secret", b"abcdefghijklmnopqrst").hex()
    assert found["status"] == 0x0002
    assert found["column"] == [b"name".hex(), 253]
    assert found["row"] == [b"27".hex(), "Ñuble".encode().hex()]
    assert hand["null"]["row"] == [b"3".hex(), None]


def test_proof_is_mysql_native_password(hand):
    """Step 1's proof is the known value of the known inputs."""
    assert hand["proof"] == proof(b"root", bytes(range(20))).hex()
    assert b"root".hex() not in hand["proof"]


@pytest.mark.parametrize("case, message", [
    ("header cut", "header is truncated: 3 of its 4"),
    ("payload cut", "seq 0 is truncated: its header says 10 bytes, 4"
     " arrived"),
    ("row cut", "a text row is truncated: 5 bytes needed"),
    ("row long", "a text row has 1 unexpected bytes"),
    ("row 0xff", "0xff is not a length-encoded integer"),
    ("protocol 9", "protocol version 9, not 10"),
    ("TLS", "the client asked for TLS"),
    ("extra", "packet seq 7 answers no command"),
    ("pg cut", "a message is truncated: 3 bytes"),
    ("pg short", "at least 4, not 2"),
    ("pg row cut", "a 'D' message is truncated"),
    ("objects binary", "column 'id' is in binary format, not text"),
    ("objects short", "a DataRow has 1 values for 4 columns"),
])
def test_malformed_bytes_are_clear_errors(hand, case, message):
    """A stream cut short, a row whose lengths do not add up, a wrong
    handshake, a TLS login, an answer to nothing: the reason, in words."""
    assert hand[case].startswith("WireError: ") and message in hand[case]


def test_postgres_frames_built_by_hand(hand):
    """A DataRow that arrived in two chunks is one message, decoded."""
    assert hand["pg"] == [["D", PG_ROW.hex(), ["'7', 'Ñuble'"]]]


def test_step7_converts_each_type_built_by_hand(hand):
    """Step 7: int4 and int8 become ints, text and varchar str, NULL
    None, each by its column's oid in a RowDescription built by hand."""
    assert hand["objects"] == [[7, -9000000000, None, "Ñuble"]]


class Echo:
    """A real TCP server: sends a greeting, reads, answers, records."""

    def __init__(self, greeting, expect, answer):
        """Listen on a free loopback port; serve one client in a thread."""
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.got = b""
        self.thread = threading.Thread(
            target=self.serve, args=(greeting, expect, answer))
        self.thread.start()

    def serve(self, greeting, expect, answer):
        """Greet, read ``expect`` bytes, send ``answer``, close."""
        conn, _ = self.sock.accept()
        with conn:
            conn.sendall(greeting)
            while len(self.got) < expect:
                data = conn.recv(65536)
                if not data:
                    break
                self.got += data
            conn.sendall(answer)
        self.sock.close()


def test_proxy_relays_every_byte_unchanged():
    """What each side receives is exactly what the other side sent."""
    rng = random.Random(8)
    hello = bytes(rng.randrange(256) for _ in range(100))
    sent = bytes(rng.randrange(256) for _ in range(300000))
    answer = bytes(rng.randrange(256) for _ in range(500000))
    server = Echo(hello, len(sent), answer)
    with Proxy(("127.0.0.1", server.port)) as proxy:
        with socket.create_connection(("127.0.0.1", proxy.port)) as client:
            got = b""
            while len(got) < len(hello):
                got += client.recv(65536)
            for start in range(0, len(sent), 70000):
                client.sendall(sent[start:start + 70000])
            while True:
                data = client.recv(65536)
                if not data:
                    break
                got += data
    server.thread.join(10)
    assert server.got == sent
    assert got == hello + answer
    side = {d: b"".join(c.data for c in proxy.chunks if c.direction == d)
            for d in ("client > server", "server > client")}
    assert side == {"client > server": sent,
                    "server > client": hello + answer}
    assert {c.connection for c in proxy.chunks} == {1}


DRIVERS = r'''
import json, sys
import kit
from kit import Proxy
import MySQLdb, pymysql, mysql.connector, psycopg, psycopg2
from kit import login
user, password, database, pg_database = sys.argv[1:]
SQL = "SELECT id, name FROM states ORDER BY id"

def mysql_rows(kind, port):
    args = dict(host="127.0.0.1", port=port, user=user, password=password,
                database=database, charset="utf8mb4")
    if kind == "MySQLdb":
        db = MySQLdb.connect(**args)
    elif kind == "PyMySQL":
        db = pymysql.connect(ssl_disabled=True, **args)
    else:
        db = mysql.connector.connect(use_pure=True, ssl_disabled=True,
                                     **args)
    cur = db.cursor(prepared=True) if kind == "connector" else db.cursor()
    cur.execute(SQL.replace("ORDER", "WHERE id > %s ORDER"), (0,))
    rows = [list(r) for r in cur.fetchall()]
    db.close()
    return rows

def pg_rows(port):
    args = login(user, password, pg_database)
    if port:
        args.update(host="127.0.0.1", port=port)
    with psycopg.connect(**args) as db:
        return [list(r) for r in db.execute(
            SQL.replace("ORDER", "WHERE id > %s ORDER"), (0,)).fetchall()]

def pg2_rows(port):
    args = login(user, password, pg_database)
    if port:
        args.update(host="127.0.0.1", port=port)
    db = psycopg2.connect(**args)
    with db.cursor() as cur:
        cur.execute(SQL.replace("ORDER", "WHERE id > %s ORDER"), (0,))
        rows = [list(r) for r in cur.fetchall()]
    db.close()
    return rows

found = {}
host, port = kit.mysql()
for kind in ("MySQLdb", "PyMySQL", "connector"):
    direct = mysql_rows(kind, port)
    with Proxy(kit.mysql()) as proxy:
        found[kind] = [direct, mysql_rows(kind, proxy.port)]
with Proxy(kit.postgres()) as proxy:
    found["psycopg"] = [pg_rows(None), pg_rows(proxy.port)]
with Proxy(kit.postgres()) as proxy:
    found["psycopg2"] = [pg2_rows(None), pg2_rows(proxy.port)]
print(json.dumps(found))
'''


def pg_sql(sql, database="postgres"):
    """Run SQL on the project's PostgreSQL with the psql client."""
    env = dict(os.environ, **PG)
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d",
                    database, "-c", sql], env=env, check=True,
                   stdout=subprocess.DEVNULL)


@pytest.fixture
def pg_db():
    """A throw-away PostgreSQL database name, dropped afterwards."""
    name = "hbtn_t{}_wire".format(os.getpid())
    yield name
    pg_sql("DROP DATABASE IF EXISTS {}".format(name))


def test_drivers_read_the_same_with_and_without_proxy(hostile_db, pg_db):
    """MySQLdb, PyMySQL, mysql-connector, psycopg 3 and 2: the same rows."""
    assert good("4-postgres_result_set.py", PG["PGUSER"], PG["PGPASSWORD"],
                pg_db).count("DataRow") == 5
    rows = "".join("('{}'),".format(n.replace("'", "''"))
                   for _, n in hostile.STATES)
    pg_sql("INSERT INTO states (name) VALUES {}".format(rows[:-1]), pg_db)
    python = venv() / "bin" / "python"
    out = subprocess.run([str(python), "-c", DRIVERS, USER, PASSWORD,
                          hostile_db, pg_db], cwd=ROOT, check=True,
                         env=dict(os.environ, PYTHONPATH=str(PART), **PG),
                         stdout=subprocess.PIPE).stdout
    found = json.loads(out)
    states = [list(s) for s in sorted(query(hostile_db,
                                            "SELECT id, name FROM states"))]
    for kind in ("MySQLdb", "PyMySQL", "connector"):
        assert found[kind] == [states, states], kind
    direct, proxied = found["psycopg"]
    assert direct == proxied and len(direct) == 5 + len(hostile.STATES)
    assert found["psycopg2"] == [direct, direct]
    assert [n for _, n in direct[5:]] == [n for _, n in hostile.STATES]


def test_step2_prints_what_the_server_received(hostile_db):
    """The SQL in step 2's hex is, byte for byte, what the server logged."""
    names = ["Ñuble", "O'Higgins", 'Back\\slash', "' OR '1'='1"]
    with server_log(hostile_db) as received:
        outs = [good("2-mysql_escaping.py", USER, PASSWORD, hostile_db, n)
                for n in names]
    logged = [arg for kind, arg in received if kind == "Query"
              and arg.startswith("SELECT id, name FROM states")]
    sent = [raw[5:].decode("utf-8") for out in outs
            for title, raw in printed(out)]
    assert sent == logged and len(sent) == 2 * len(names)
    db = connect(hostile_db)
    try:
        for name, safe in zip(names, sent[1::2]):
            literal = db.literal(name).decode("utf-8")
            assert safe.endswith("= {} ORDER BY id".format(literal))
    finally:
        db.close()
    assert sent[6].endswith("= '' OR '1'='1' ORDER BY id")
    assert "answer: ERR 1064" in outs[1]
    assert outs[3].count("answer: 0 rows") == 1


def test_step3_is_prepared_by_the_server(hostile_db):
    """The server logs Prepare and Execute; the value travels raw."""
    name = "O'Higgins"
    with server_log(hostile_db) as received:
        out = good("3-mysql_prepared.py", USER, PASSWORD, hostile_db, name)
    kinds = [kind for kind, arg in received if "states" in arg]
    assert kinds == ["Prepare", "Execute"]
    packets = printed(out)
    execute = [raw for title, raw in packets if "COM_STMT_EXECUTE" in title]
    assert execute[0].endswith(b"\xfe\x00" + lenenc(name.encode()))
    assert b"\\'" not in execute[0]
    rows = [title for title, raw in packets if title.endswith("binary row")]
    assert len(rows) == 1 and "  = 17, \"O'Higgins\"\n" in out


def test_step5_binds_the_value_apart(pg_db):
    """Step 5's Bind carries the value's own length and UTF-8 bytes."""
    name = "Ñuble' OR '1'='1"
    out = good("5-postgres_bound.py", PG["PGUSER"], PG["PGPASSWORD"], pg_db,
               name)
    bind = [raw for title, raw in printed(out) if "'B' Bind" in title]
    data = name.encode("utf-8")
    assert len(bind) == 1 and len(data).to_bytes(4, "big") + data in bind[0]
    parse = [raw for title, raw in printed(out) if "'P' Parse" in title]
    assert b"$1" in parse[0] and data not in parse[0]
    assert "'C' CommandComplete" in out and "SELECT 0" in out


def test_step8_psycopg2_inlines_the_escaped_value(pg_db):
    """Step 8: psycopg2 sends one Query with the value inlined, each
    quote doubled, no Parse or Bind; psycopg 3 binds it; no row leaks."""
    name = "Ñuble' OR '1'='1"
    out = good("8-psycopg2_inlines.py", PG["PGUSER"], PG["PGPASSWORD"],
               pg_db, name)
    assert out.startswith("psycopg2 sent: Q\n\n")
    assert "\npsycopg 3 sent: P B D E S\n\n" in out
    sql = "SELECT id, name FROM states WHERE name = '{}' ORDER BY id".format(
        name.replace("'", "''")).encode("utf-8") + b"\0"
    messages = printed(out)
    assert messages[0] == (
        "client > server  'Q' Query  length {}".format(4 + len(sql)),
        b"Q" + (4 + len(sql)).to_bytes(4, "big") + sql)
    assert [t.split("'")[1] for t, _ in messages] == ["Q", "P", "B"]
    data = name.encode("utf-8")
    assert len(data).to_bytes(4, "big") + data in messages[2][1]
    assert data not in messages[0][1] and data not in messages[1][1]
    assert out.endswith("\nrows: psycopg2 [], psycopg 3 []\n")
    out = good("8-psycopg2_inlines.py", PG["PGUSER"], PG["PGPASSWORD"],
               pg_db, "New York")
    assert out.endswith("\nrows: psycopg2 [(4, 'New York')], psycopg 3"
                        " [(4, 'New York')]\n")


def pg_json(sql, database):
    """One JSON value that psql prints for ``sql``, decoded."""
    out = subprocess.run(["psql", "-X", "-A", "-t", "-d", database, "-c",
                          sql], env=dict(os.environ, **PG), check=True,
                         stdout=subprocess.PIPE).stdout
    return json.loads(out.decode("utf-8"))


def test_step7_dicts_are_the_rows(pg_db):
    """Step 7's dicts, objects and JSON are the hostile rows, read back;
    a column of a type it does not convert is one line, nothing else."""
    good("4-postgres_result_set.py", PG["PGUSER"], PG["PGPASSWORD"], pg_db)
    rows = "".join("('{}'),".format(n.replace("'", "''"))
                   for _, n in hostile.STATES)
    pg_sql("INSERT INTO states (name) VALUES {}".format(rows[:-1]), pg_db)
    out = good("7-postgres_row_to_object.py", PG["PGUSER"], PG["PGPASSWORD"],
               pg_db)
    states = pg_json("SELECT json_agg(json_build_object('id', id, 'name',"
                     " name) ORDER BY id) FROM states", pg_db)
    assert len(states) == 5 + len(hostile.STATES)
    lines = out.split("\n")
    assert [json.loads(line[11:]) for line in lines
            if line.startswith("JSON ")] == states
    assert [line[11:] for line in lines if line.startswith("dict ")] \
        == [repr(s) for s in states]
    assert [line[11:] for line in lines if line.startswith("State ")] \
        == ["State(id={id!r}, name={name!r})".format(**s) for s in states]
    assert out.endswith("psycopg's own rows are the same: yes\n")
    pg_sql("ALTER TABLE states ALTER COLUMN id TYPE numeric", pg_db)
    proc = run_step("7-postgres_row_to_object.py", PG["PGUSER"],
                    PG["PGPASSWORD"], pg_db)
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == ("Error: column 'id' has type 1700, which this"
                           " step does not convert (only int4, int8, text,"
                           " varchar)\n")


@pytest.fixture
def student(hostile_db):
    """A throw-away account with a password of its own, then dropped."""
    user = "hbtn_t{}_w".format(os.getpid())
    password = "wire-{}-secret".format(random.randrange(10 ** 9))
    admin = connect()
    cur = admin.cursor()
    cur.execute("CREATE USER %s@'127.0.0.1' IDENTIFIED BY %s",
                (user, password))
    cur.execute("GRANT SELECT ON {}.* TO %s@'127.0.0.1'".format(
        hostile_db), (user,))
    try:
        yield user, password
    finally:
        cur.execute("DROP USER %s@'127.0.0.1'", (user,))
        admin.close()


def test_password_never_travels(student, hostile_db):
    """The password's bytes are nowhere; the proof is recomputed."""
    user, password = student
    with Proxy(kit.mysql()) as proxy:
        db = MySQLdb.connect(host="127.0.0.1", port=proxy.port, user=user,
                             password=password, database=hostile_db)
        db.close()
    everything = b"".join(c.data for c in proxy.chunks)
    assert password.encode() not in everything
    assert user.encode() in everything
    hello, answer = wire.packets(proxy.chunks)[:2]
    # The scramble, read here by hand: 8 bytes after the version and the
    # connection id, 12 more after 19 bytes of flags and padding.
    at = hello.payload.index(b"\0") + 5
    scramble = hello.payload[at:at + 8] + hello.payload[at + 27:at + 39]
    assert proof(password.encode(), scramble) in answer.payload
    # The page: a capture is enough for a dictionary attack, offline.
    at = answer.payload.index(user.encode() + b"\0") + len(user) + 1
    assert answer.payload[at] == 20
    sent = answer.payload[at + 1:at + 21]
    words = ["admin", "letmein", password, "root", "secret"]
    assert [w for w in words if proof(w.encode(), scramble) == sent] \
        == [password]
    proc = run_step("1-mysql_handshake.py", user, password, hostile_db)
    assert proc.returncode == 0 and password not in proc.stdout
    assert "recomputed here from both: equal" in proc.stdout


@pytest.mark.parametrize("script", [s for s in STEPS if int(
    s.split("-")[0]) in (0, 1, 2, 3, 6, 9)])
@pytest.mark.errors
def test_errors_are_one_line(script):
    """A wrong password, or no server at all: one line, exit 1."""
    args = {"2": ["x"], "3": ["x"], "9": ["127.0.0.1"]}.get(script[0], [])
    proc = run_step(script, USER, "wrong-pw-8", "hbtn_0e_0_usa", *args)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith("Error 1045: Access denied")
    assert proc.stderr.count("\n") == 1 and "wrong-pw-8" not in proc.stderr
    proc = run_step(script, USER, PASSWORD, "hbtn_0e_0_usa", *args,
                    env={"MYSQL_TCP_PORT": str(free_port())})
    assert proc.returncode == 1 and proc.stderr.startswith(
        "Error: nothing answers at 127.0.0.1:")
    assert proc.stderr.count("\n") == 1
    proc = run_step(script, USER)
    assert proc.returncode == 1 and proc.stderr.startswith("Usage: ")


@pytest.mark.errors
def test_postgres_errors_are_one_line():
    """PostgreSQL's steps: a wrong password is one line, exit 1."""
    for script, args in (("4-postgres_result_set.py", []),
                         ("5-postgres_bound.py", ["x"]),
                         ("7-postgres_row_to_object.py", []),
                         ("8-psycopg2_inlines.py", ["x"]),
                         ("10-tls_postgres.py", ["127.0.0.1"])):
        proc = run_step(script, PG["PGUSER"], "wrong-pw-8", "hbtn_8_wire",
                        *args)
        assert proc.returncode == 1 and proc.stdout == ""
        assert "password authentication failed" in proc.stderr
        assert proc.stderr.count("\n") == 1


@pytest.mark.parametrize("value", ["abc", "99999", "-1"])
@pytest.mark.errors
def test_a_wrong_pgport_is_one_line_before_anything(value):
    """PGPORT is read where MYSQL_TCP_PORT is, by hints.port: one line."""
    proc = run_step("4-postgres_result_set.py", PG["PGUSER"], "pw",
                    "hbtn_8_wire", env=dict(PG, PGPORT=value))
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        1, "", "Error: PGPORT must be a port number from 1 to 65535, not"
        " {!r}\n".format(value))


def sentence(doc):
    """Whether a docstring opens with a real sentence, as test_rules asks."""
    summary = " ".join((doc or "").strip().split("\n\n")[0].split())
    return (summary.endswith(".") and len(summary.split()) >= 4
            and summary[:1].isupper())


def test_part_follows_the_house_rules():
    """Shebangs, docstrings, short files, the style, the needs file."""
    assert (PART / "needs").read_text() == "postgres\n"
    files = sorted(p for p in PART.glob("*.py")
                   if not p.name.startswith("test_"))
    for path in files + [Path(__file__)]:
        text = path.read_text("utf-8")
        tree = ast.parse(text)
        assert sentence(ast.get_docstring(tree)), path
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef,
                                 ast.AsyncFunctionDef)):
                assert sentence(ast.get_docstring(node)), (path, node.name)
    # Short files: each step holds what it decodes, wire.py what they all
    # read bytes with, well under 200 lines, read top to bottom.
    assert all(len(p.read_text().split("\n")) < 200 for p in files)
    assert len((PART / "wire.py").read_text().split("\n")) < 160
    for name in STEPS:
        text = (PART / name).read_text("utf-8")
        assert text.startswith("#!/usr/bin/env python3\n")
        assert os.access(str(PART / name), os.X_OK)
    style = subprocess.run(
        [sys.executable, "-m", "pycodestyle", "--max-line-length=79"]
        + [str(p) for p in files] + [__file__],
        stdout=subprocess.PIPE, universal_newlines=True)
    assert style.stdout == ""


# Steps 9 and 10: TLS.  One process connects every way the page speaks
# of, through the part's proxy, and hands back the bytes it relayed.

TLS = r'''
import json, sys
import psycopg, pymysql
import hints, kit
user, password, database, pg_user, pg_password, pg_database = sys.argv[1:]
SQL = "SELECT id, name FROM states ORDER BY id"

def relayed(proxy):
    sent = {kit.TO_SERVER: "", kit.TO_CLIENT: ""}
    for chunk in proxy.chunks:
        sent[chunk.direction] += chunk.data.hex()
    return sent

def mariadb(host, **tls):
    with kit.Proxy(kit.mysql(), host) as proxy:
        try:
            db = pymysql.connect(host=host, port=proxy.port, user=user,
                                 password=password, database=database, **tls)
        except pymysql.Error as error:
            return relayed(proxy), None, str(error)
        with db.cursor() as cur:
            cur.execute(SQL)
            rows = [list(r) for r in cur.fetchall()]
            cur.execute("SHOW SESSION STATUS LIKE 'Ssl_version'")
            rows.append(cur.fetchone()[1])
        db.close()
    return relayed(proxy), rows, None

def postgres(host, sslmode, **tls):
    with kit.Proxy(kit.postgres(), host) as proxy:
        args = kit.login(pg_user, pg_password, pg_database)
        args.update(host=host, port=proxy.port, sslmode=sslmode, **tls)
        try:
            with psycopg.connect(autocommit=True, **args) as db:
                rows = [list(r) for r in db.execute(SQL).fetchall()]
                rows.append(db.execute("SELECT ssl FROM pg_stat_ssl"
                                       " WHERE pid = pg_backend_pid()"
                                       ).fetchone()[0])
        except psycopg.Error as error:
            return relayed(proxy), None, str(error)
    return relayed(proxy), rows, None

verified = dict(ssl_ca=hints.PROJECT_CA, ssl_verify_identity=True)
full = dict(sslrootcert=hints.PROJECT_CA)
print(json.dumps({
    "mariadb": mariadb("127.0.0.1", **verified),
    "mariadb plain": mariadb("127.0.0.1", ssl_disabled=True),
    "mariadb default": mariadb("127.0.0.1"),
    "mariadb wrong": mariadb("127.0.0.2", **verified),
    "postgres": postgres("127.0.0.1", "verify-full", **full),
    "postgres plain": postgres("127.0.0.1", "disable"),
    "postgres default": postgres("127.0.0.1", "prefer"),
    "postgres wrong": postgres("127.0.0.2", "verify-full", **full)}))
'''


@pytest.fixture(scope="module")
def tls(task_copy):
    """Every connection of TLS's claims, made once: {name: (bytes each
    way, rows or None, the error or None)}."""
    pg_sql("DROP DATABASE IF EXISTS hbtn_t{}_tls".format(os.getpid()))
    pg_sql("CREATE DATABASE hbtn_t{}_tls".format(os.getpid()))
    pg_db = "hbtn_t{}_tls".format(os.getpid())
    pg_sql("CREATE TABLE states (id SERIAL PRIMARY KEY, name VARCHAR(256));"
           "INSERT INTO states (name) VALUES ('California'), ('Arizona')",
           pg_db)
    try:
        out = subprocess.run(
            [str(venv() / "bin" / "python"), "-c", TLS, USER, PASSWORD,
             task_copy, PG["PGUSER"], PG["PGPASSWORD"], pg_db], cwd=ROOT,
            check=True, env=dict(os.environ, PYTHONPATH=str(PART), **PG),
            stdout=subprocess.PIPE).stdout
    finally:
        pg_sql("DROP DATABASE IF EXISTS " + pg_db)
    return {name: ({d: bytes.fromhex(h) for d, h in sent.items()}, rows,
                   error)
            for name, (sent, rows, error) in json.loads(out).items()}


def tls_records(data):
    """Each TLS record of ``data``: (type, handshake message type, size).

    A record: its type, a version (3, x), a 2-byte length, that many
    bytes.  Any other byte, or one left over, fails the test.
    """
    found = []
    while data:
        assert len(data) >= 5 and data[0] in (20, 21, 22, 23) \
            and data[1] == 3, data[:5].hex()
        size = int.from_bytes(data[3:5], "big")
        assert len(data) >= 5 + size
        found.append((data[0], data[5] if data[0] == 22 else None, size))
        data = data[5 + size:]
    return found


def mysql_clear(data):
    """The first MySQL packet's payload, and the bytes after it."""
    size = int.from_bytes(data[:3], "little")
    return data[4:4 + size], data[4 + size:]


def plain_text(sent):
    """Which of the query's text and the states' names the bytes hold."""
    both = sent[kit.TO_SERVER] + sent[kit.TO_CLIENT]
    return [n for n in (b"SELECT id, name FROM states", b"California",
                        b"Arizona") if n in both]


def test_tls_on_mariadb_shows_only_records(tls):
    """Verified TLS: a greeting offering SSL and a 32-byte SSL request in
    the clear, then TLS records from a ClientHello and a ServerHello on,
    with application data; no query and no row, which the same query
    without TLS shows.  The server says the session is TLS."""
    sent, rows, error = tls["mariadb"]
    assert error is None and rows[:2] == [[1, "California"],
                                          [2, "Arizona"]]
    assert rows[-1].startswith("TLSv1.")
    hello, server = mysql_clear(sent[kit.TO_CLIENT])
    request, client = mysql_clear(sent[kit.TO_SERVER])
    version_end = hello.index(b"\0", 1)
    capabilities = int.from_bytes(hello[version_end + 14:version_end + 16],
                                  "little")
    assert hello[0] == 10 and capabilities & 1 << 11
    assert len(request) == 32 and int.from_bytes(
        request[:4], "little") & 1 << 11
    for records, hello_type in ((tls_records(client), 1),
                                (tls_records(server), 2)):
        assert records[0][:2] == (22, hello_type)
        assert records[-1][0] == 23
    assert plain_text(sent) == []
    plain, rows, _ = tls["mariadb plain"]
    assert rows[-1] == "" and len(plain_text(plain)) == 3


def test_tls_on_postgres_shows_only_records(tls):
    """With verify-full, the SSLRequest and 'S' in the clear, then TLS
    records only, and neither the query nor a row in them."""
    sent, rows, error = tls["postgres"]
    assert error is None and rows == [[1, "California"], [2, "Arizona"],
                                      True]
    client, server = sent[kit.TO_SERVER], sent[kit.TO_CLIENT]
    assert client[:8] == bytes.fromhex("0000000804d2162f")
    assert server[:1] == b"S"
    for records, hello_type in ((tls_records(client[8:]), 1),
                                (tls_records(server[1:]), 2)):
        assert records[0][:2] == (22, hello_type)
        assert records[-1][0] == 23
    assert plain_text(sent) == []
    plain, rows, _ = tls["postgres plain"]
    assert rows[-1] is False and len(plain_text(plain)) == 3


def test_a_wrong_host_name_is_refused_before_the_login(tls):
    """The name 127.0.0.2 reaches the proxy, but the certificate does not
    hold it: each driver refuses, and after its ClientHello the client
    sends at most its Finished and an alert, never a login."""
    for name, words, clear in (
            ("mariadb wrong",
             "IP address mismatch, certificate is not valid for"
             " '127.0.0.2'", 36),
            ("postgres wrong",
             'server certificate for "localhost" (and 1 other name) does'
             ' not match host name "127.0.0.2"', 8)):
        sent, rows, error = tls[name]
        assert rows is None and words in error, error
        records = tls_records(sent[kit.TO_SERVER][clear:])
        assert records[0][:2] == (22, 1)
        # Encrypted, at most the client's Finished (libpq checks the name
        # once the handshake is done) and a 2-byte alert (19 bytes with
        # its type and tag): no startup message, no login.
        encrypted = [size for kind, _, size in records if kind == 23]
        assert len(encrypted) <= 2 and encrypted[1:] in ([], [19]), records


def test_tls_is_offered_not_required(tls):
    """Without TLS both servers still answer (Part 8's other steps need
    it); a driver that prefers TLS gets it, unverified."""
    assert tls["mariadb plain"][1][-1] == ""
    assert tls["postgres plain"][1][-1] is False
    assert tls["mariadb default"][1][-1].startswith("TLSv1.")
    assert tls["postgres default"][1][-1] is True


def test_the_certificate_names_localhost_and_127_0_0_1():
    """The project's CA signs the server's certificate for exactly the
    two names, strictly enough for Python 3.13 (VERIFY_X509_STRICT);
    setup made them once, and keeps them."""
    folder = ROOT / ".local" / "tls"
    made = [(folder / n).read_bytes() for n in ("ca.pem", "server.pem")]
    subprocess.run(["bash", "-c", ". bin/lib.sh && make_tls"], cwd=ROOT,
                   check=True)
    assert [(folder / n).read_bytes() for n in ("ca.pem", "server.pem")] \
        == made
    for check in (["-verify_hostname", "localhost"],
                  ["-verify_ip", "127.0.0.1"], ["-verify_ip", "127.0.0.2"],
                  ["-verify_hostname", "example.com"]):
        proc = subprocess.run(
            ["openssl", "verify", "-x509_strict", "-purpose", "sslserver",
             "-CAfile", str(folder / "ca.pem"), *check,
             str(folder / "server.pem")], stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, universal_newlines=True)
        assert (proc.returncode == 0) == (check[1] in (
            "localhost", "127.0.0.1")), (check, proc.stdout)
    assert (folder / "ca-key.pem").stat().st_mode & 0o077 == 0


def test_setup_s_own_client_trusts_the_project_s_ca():
    """Setup's passwordless client calls (bin/lib.sh's local_client: the
    pings, root's first login) verify the server's certificate with the
    project's CA, over the socket, as MariaDB 11.4's clients do unasked:
    the login is reached (and refused: no password).  The same ping
    without the CA is what stopped setup on Debian 13."""
    proc = subprocess.run(
        ["bash", "-c", ". bin/lib.sh; local_client mysqladmin"
         " --ssl-verify-server-cert ping 2>&1; echo $?; mysqladmin"
         ' --no-defaults -S "$SOCKET" --ssl-verify-server-cert ping 2>&1;'
         " echo $?"], cwd=ROOT, stdout=subprocess.PIPE,
        universal_newlines=True,
        env={k: v for k, v in os.environ.items() if k != "MYSQL_PWD"})
    with_ca, without = re.findall(r"(.*?)^(\d+)\n", proc.stdout, re.M | re.S)
    assert with_ca[1] == "0" and "'Access denied for user 'root'@" \
        "'localhost' (using password: NO)'" in with_ca[0], proc.stdout
    assert without[1] == "1" and "unable to get local issuer certificate" \
        in without[0], proc.stdout
