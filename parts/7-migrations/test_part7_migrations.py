"""Part 7: Alembic migrations up and down, on SQLite, MariaDB, PostgreSQL.

Every command runs as a process (the part's steps, and ``alembic`` from
the parts' virtualenv with the part's alembic.ini) on throw-away
databases: a SQLite file in pytest's temporary folder, and
``hbtn_t<pid>_7_<n>`` on the MariaDB the tests use and on the real
PostgreSQL (localhost:5432, root/root, or PGHOST, PGPORT, PGUSER and
PGPASSWORD), made by the part and dropped here.  One journey per
database, the three at once, starts from the task's tables and rows,
climbs the chain one revision at a time and comes down again; each
schema is read by reflection (and the catalogue, for triggers), each
row with the database's own client.  The page's own outputs are
checked by tests/test_docs.py; here, what they claim.
"""
import ast
import itertools
import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import (PG, ROOT, connect, free_port, mysql_cli, psql,
                      run_part, three_urls, url_string, venv)
from lesson.path import CITIES, STATES
from harness.server import HOST, PORT, USER

PART = ROOT / "parts" / "7-migrations"
INI = str(PART / "alembic.ini")
KINDS = ("sqlite", "mariadb", "postgres")
REVISIONS = ("0001", "0002", "0003", "0004", "0005")
SECRET = "S3cret-pw"
TASK_STATES = [(i, name) for i, name in enumerate(STATES, 1)]
TASK_CITIES = sorted((i, s, name) for i, name, s in CITIES)
_numbers = itertools.count()

# Walks a database through alembic's commands (its command API, with the
# part's alembic.ini and -x url=URL, as the command line does), in one
# process: each action is "snap" (the schema, as JSON: what reflection
# sees of every table, and the triggers and functions the catalogue
# lists), "sql STATEMENT", "rows SELECT" (its rows), or "COMMAND [ARG]
# [-n SECTION]"; it prints one result for each: the schema, the rows, or
# 0, or the error line or class.
WALK = """
import argparse, json, sys
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, inspect, text
url, ini, actions = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
EXTRA = {
    "sqlite": "SELECT name || ' ' || tbl_name FROM sqlite_master"
              " WHERE type = 'trigger'",
    "mysql": "SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME, ' ', EXTRA)"
             " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA ="
             " DATABASE() AND EXTRA LIKE 'on update%'",
    "postgresql": "SELECT tgname || ' ' || tgrelid::regclass::text FROM"
                  " pg_trigger WHERE NOT tgisinternal UNION ALL SELECT"
                  " proname FROM pg_proc WHERE proname = 'set_updated_at'",
}
def snap(engine):
    look = inspect(engine)
    found = {}
    for name in sorted(look.get_table_names()):
        found[name] = {
            "columns": [[c["name"], str(c["type"]), c["nullable"],
                         str(c.get("default"))]
                        for c in look.get_columns(name)],
            "pk": look.get_pk_constraint(name)["constrained_columns"],
            "fks": sorted([f["constrained_columns"], f["referred_table"],
                           f["referred_columns"]]
                          for f in look.get_foreign_keys(name)),
            "indexes": sorted([i["name"], i["column_names"],
                               bool(i["unique"])]
                              for i in look.get_indexes(name)),
        }
    with engine.connect() as conn:
        found["(catalogue)"] = sorted(conn.scalars(text(
            EXTRA[engine.dialect.name])))
    return found
out = []
for action in actions:
    engine = create_engine(url)
    words = action.split(" ")
    try:
        if action == "snap":
            out.append(snap(engine))
        elif words[0] == "sql":
            with engine.begin() as conn:
                conn.execute(text(action[4:]))
            out.append(0)
        elif words[0] == "rows":
            with engine.connect() as conn:
                out.append(sorted([str(v) for v in row] for row in
                                  conn.execute(text(action[5:]))))
        else:
            section = words[-1] if "-n" in words else "alembic"
            args = [w for w in words[1:] if w not in ("-n", section)]
            config = Config(ini, ini_section=section,
                            cmd_opts=argparse.Namespace(x=["url=" + url]))
            getattr(command, words[0])(config, *args)
            out.append(0)
    except SystemExit as error:
        out.append(str(error.code))
    except Exception as error:
        out.append(type(error).__name__)
    engine.dispose()
print(json.dumps(out))
"""


# Runs a step in the virtualenv's python with every statement that
# SQLAlchemy hands the driver recorded; writes the record, as JSON, to
# stderr.
CAPTURE = """
import json, runpy, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine
sent = []
event.listen(Engine, "before_cursor_execute",
             lambda c, cur, s, p, ctx, many: sent.append(s))
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
sys.stderr.write(json.dumps(sent))
"""


class Database:
    """A throw-away database of one kind: its URL and its own client."""

    def __init__(self, kind, folder):
        self.kind = kind
        self.name = "hbtn_t{}_7_{}".format(os.getpid(), next(_numbers))
        self.file = folder / (self.name + ".db")
        self.url = three_urls(self.name, self.file)[kind]

    def drop(self):
        """Drop the server database (the part made it)."""
        if self.kind == "mariadb":
            mysql_cli("DROP DATABASE IF EXISTS {};".format(self.name))
        elif self.kind == "postgres":
            psql("DROP DATABASE IF EXISTS {} WITH (FORCE)".format(
                self.name))

    def sql(self, statement):
        """Run one statement with the database's own client, committed.

        Returns its rows, every field as text (psql gives text only).
        """
        if self.kind == "postgres":
            return psql(statement, self.name)
        if self.kind == "sqlite":
            db = sqlite3.connect(str(self.file))
        else:
            db = connect(self.name)
        try:
            cur = db.cursor()
            cur.execute(statement)
            rows = list(cur.fetchall()) if cur.description else []
            db.commit()
            return [tuple(str(v) for v in row) for row in rows]
        finally:
            db.close()

    def session(self, statements):
        """Run statements on one connection, committed; the last's rows."""
        if self.kind == "postgres":
            return psql("; ".join(statements), self.name)
        if self.kind == "sqlite":
            db = sqlite3.connect(str(self.file))
        else:
            db = connect(self.name)
        try:
            cur = db.cursor()
            for statement in statements:
                cur.execute(statement)
            rows = list(cur.fetchall())
            db.commit()
            return [tuple(str(v) for v in row) for row in rows]
        finally:
            db.close()

    def rows(self):
        """The states and cities, sorted, with their ids, as numbers."""
        states = sorted((int(i), n) for i, n in self.sql(
            "SELECT id, name FROM states"))
        cities = sorted((int(i), int(s), n) for i, s, n in self.sql(
            "SELECT id, state_id, name FROM cities"))
        return states, cities

    def alembic(self, *args, ini_section=None):
        """Run alembic on this database: (exit status, stdout+stderr)."""
        section = ["-n", ini_section] if ini_section else []
        proc = subprocess.run(
            [str(venv() / "bin" / "alembic"), "-c", INI, *section,
             "-x", "url=" + self.url, *args], cwd=ROOT,
            env=dict(os.environ, LANG="C.UTF-8", **PG),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
        return proc.returncode, proc.stdout.decode("utf-8")

    def up(self, *args, **kwargs):
        """Run an alembic command that must succeed; return its output."""
        status, out = self.alembic(*args, **kwargs)
        assert status == 0, (self.kind, args, out)
        return out

    def walk(self, *actions):
        """Run the actions in one process (WALK); their results."""
        proc = subprocess.run(
            [str(venv() / "bin" / "python"), "-c", WALK, self.url, INI,
             json.dumps(actions)], cwd=ROOT,
            env=dict(os.environ, LANG="C.UTF-8", **PG),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        assert proc.returncode == 0, proc.stderr.decode()
        return json.loads(proc.stdout.decode())

    def schema(self):
        """The schema, as reflection and the catalogue see it."""
        return self.walk("snap")[0]

    def step(self, script):
        """Run a step of the part that must succeed; return its stdout."""
        proc = run_part("parts/7-migrations/" + script, self.url, env=PG)
        assert (proc.returncode, proc.stderr) == (0, ""), (script, proc)
        return proc.stdout

    def captured(self, script):
        """Run a step, recording what the driver was handed: (out, sent)."""
        proc = subprocess.run(
            [str(venv() / "bin" / "python"), "-c", CAPTURE,
             str(PART / script), self.url], cwd=ROOT,
            env=dict(os.environ, LANG="C.UTF-8", PYTHONPATH=str(PART), **PG),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        assert proc.returncode == 0, proc.stderr.decode()
        return proc.stdout.decode(), json.loads(proc.stderr.decode())

    def revision(self):
        """The revision alembic_version records, or None."""
        found = self.sql("SELECT version_num FROM alembic_version")
        return found[0][0] if found else None


# A session five hours east of UTC (SQLite has no session time zone),
# then how many minutes a new row's created_at is ahead of UTC.
EAST = {"sqlite": [],
        "mariadb": ["SET time_zone = '+05:00'"],
        "postgres": ["SET TIME ZONE INTERVAL '+05:00' HOUR TO MINUTE"]}
AHEAD = {"sqlite": "round((julianday(created_at) - julianday('now'))"
                   " * 1440)",
         "mariadb": "ROUND(TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(6),"
                    " created_at) / 60)",
         "postgres": "round(extract(epoch FROM created_at"
                     " - (now() AT TIME ZONE 'UTC')) / 60)"}

# The foreign keys' names, as each catalogue lists them: SQLite keeps
# the constraints in the table's CREATE TABLE, where a name would be.
FK_NAMES = {"sqlite": "SELECT name, sql FROM sqlite_master"
                      " WHERE type = 'table' AND sql LIKE '%FOREIGN KEY%'",
            "mariadb": "SELECT TABLE_NAME, COLUMN_NAME, CONSTRAINT_NAME"
                       " FROM information_schema.KEY_COLUMN_USAGE WHERE"
                       " TABLE_SCHEMA = DATABASE()"
                       " AND REFERENCED_TABLE_NAME IS NOT NULL",
            "postgres": "SELECT c.conrelid::regclass::text, a.attname,"
                        " c.conname FROM pg_constraint c JOIN pg_attribute"
                        " a ON a.attrelid = c.conrelid"
                        " AND a.attnum = c.conkey[1] WHERE c.contype = 'f'"}


def zone_and_accents(db):
    """What the page says about time zones and about 0005's index.

    Returns (minutes a row made five hours east of UTC is ahead of UTC,
    whether the unique index refuses jos\u00e9@x.org beside jose@x.org).
    """
    (ahead,), = db.session(EAST[db.kind] + [
        "INSERT INTO states (name) VALUES ('Zone')",
        "SELECT {} FROM states WHERE name = 'Zone'".format(AHEAD[db.kind])])
    db.sql("DELETE FROM states WHERE name = 'Zone'")
    db.sql("INSERT INTO users (name, email) VALUES ('Jose', 'jose@x.org')")
    try:
        db.sql("INSERT INTO users (name, email)"
               " VALUES ('Jos\u00e9', 'jos\u00e9@x.org')")
        refused = False
    except Exception as error:  # each driver its own class
        refused = True
        assert re.search("(?i)duplicate|unique", str(error)), error
    db.sql("DELETE FROM users WHERE name LIKE 'Jos%'")
    return int(float(ahead)), refused


def stamps(db, name):
    """The created_at and updated_at of the state named, as text."""
    (row,) = db.sql("SELECT created_at, updated_at FROM states"
                    " WHERE name = '{}'".format(name))
    return row


def journey(db):
    """Up the chain one revision at a time, then down, then up again.

    Returns what the tests look at: {what: value}.
    """
    got = {}
    db.step("0-task_tables.py")
    got["task rows"] = db.rows()
    up = ["snap", "upgrade head", "stamp 0001", "snap"]
    for revision in REVISIONS[1:]:
        if revision == "0005":
            up += ["check", "sql INSERT INTO users (name, email) VALUES"
                   " ('Ann', '  Ann@Example.COM '), ('Bob', 'bob@x.org')"]
        up += ["upgrade +1", "snap"]
    walked = db.walk(*up)
    got["task"], got["upgrade on the task's tables"] = walked[:2]
    assert walked[2] == 0
    snaps = [r for r in walked[3:] if isinstance(r, dict)]
    got["schema"] = dict(zip(REVISIONS, snaps))
    got["check at 0004"] = walked[-4]
    got["revision at head"] = db.revision()
    got["rows at head"] = db.rows()
    got["stamps kept"] = db.sql(
        "SELECT COUNT(*) FROM cities WHERE created_at IS NOT NULL"
        " AND updated_at IS NOT NULL")
    got["emails"] = sorted(db.sql("SELECT email FROM users"))
    got["zone and accents"] = zone_and_accents(db)
    got["check at head"] = db.alembic("check")
    got["timestamps"] = timestamps(db)
    got["model change"] = db.step("3-model_change.py")
    got["names"] = db.step("5-constraint_names.py")
    got["names in the catalogue"] = db.sql(FK_NAMES[db.kind])
    got["orm"] = db.step("4-orm.py")
    got["orm sent"] = db.captured("4-orm.py")
    got["orm rows"] = sorted(db.sql(
        "SELECT u.email, a.street, c.name FROM addresses a JOIN users u"
        " ON u.id = a.user_id JOIN cities c ON c.id = a.city_id"))
    db.sql("DELETE FROM addresses")
    down = db.walk(*(["downgrade -1", "snap", "rows SELECT email FROM"
                      " users"] + ["downgrade -1", "snap"] * 4))
    got["emails after downgrade"] = [tuple(r) for r in down[2]]
    snaps = [r for r in down if isinstance(r, dict)]
    got["down"] = dict(zip(reversed(REVISIONS), snaps))
    got["revision at base"] = db.revision()
    up = db.walk("upgrade 0001", "snap", "upgrade head", "snap")
    got["baseline from nothing"], got["head again"] = up[1], up[3]
    got["rows again"] = db.rows()
    got["broken"] = db.alembic("upgrade", "head", ini_section="broken")
    got["after broken"] = (db.schema()["states"]["columns"], db.revision())
    if db.kind == "mariadb":
        got["broken again"] = db.alembic("upgrade", "head",
                                         ini_section="broken")
    return got


def timestamps(db):
    """Insert, then update, with the database's own client; what changed.

    Returns (both set and equal at the INSERT, created_at kept and
    updated_at later after the UPDATE), compared as the database's text,
    which sorts as the times do.
    """
    db.sql("INSERT INTO states (name) VALUES ('Hawaii')")
    made, changed = stamps(db, "Hawaii")
    time.sleep(0.02)
    db.sql("UPDATE states SET name = 'Hawaii (HI)' WHERE name = 'Hawaii'")
    after, renewed = stamps(db, "Hawaii (HI)")
    db.sql("DELETE FROM states WHERE name = 'Hawaii (HI)'")
    return (made == changed, after == made, renewed > changed)


@pytest.fixture(scope="module")
def journeys(tmp_path_factory):
    """The journey on each of the three databases, at once."""
    folder = tmp_path_factory.mktemp("part7")
    made = {kind: Database(kind, folder) for kind in KINDS}
    try:
        with ThreadPoolExecutor(3) as pool:
            got = dict(zip(KINDS, pool.map(journey, made.values())))
        yield got
    finally:
        for db in made.values():
            db.drop()


@pytest.mark.parametrize("kind", KINDS)
def test_up_down_up_same_schema_same_rows(journeys, kind):
    """upgrade head, downgrade base, upgrade head: the same, rows and all.

    The task's rows are there with their ids from the start to head and
    again after the way down and up; the baseline made from nothing is
    the task's tables, exactly (so stamping them is right), and running
    it on them fails.
    """
    got = journeys[kind]
    task = dict(got["task"])
    assert got["task rows"] == (TASK_STATES, TASK_CITIES)
    assert got["rows at head"] == got["rows again"] == got["task rows"]
    assert got["head again"] == got["schema"]["0005"]
    failed = got["upgrade on the task's tables"]
    assert failed.startswith("Error") and "already exists" in failed
    stamped = dict(got["schema"]["0001"])
    assert set(stamped) - set(task) == {"alembic_version"}
    del stamped["alembic_version"]
    assert stamped == task
    assert got["baseline from nothing"] == got["schema"]["0001"]
    assert got["revision at head"] == "0005"
    assert got["revision at base"] is None
    assert got["stamps kept"] == [("15",)]


@pytest.mark.parametrize("kind", KINDS)
def test_every_downgrade_drops_what_its_upgrade_made(journeys, kind):
    """After each downgrade the schema is the one before its upgrade.

    And each upgrade changed something: the comparison could fail.
    """
    got = journeys[kind]
    before = dict(got["schema"])
    before["0000"] = {"alembic_version": got["schema"]["0001"][
        "alembic_version"], "(catalogue)": []}
    order = ["0000"] + list(REVISIONS)
    for lower, upper in zip(order, order[1:]):
        assert got["down"][upper] == before[lower], (kind, upper)
        assert before[upper] != before[lower], (kind, upper)
    head = got["schema"]["0005"]
    assert sorted(head) == ["(catalogue)", "addresses", "alembic_version",
                            "cities", "states", "users"]
    assert ["ix_users_email", ["email"], True] in head["users"]["indexes"]


def test_how_each_database_renews_updated_at(journeys):
    """ON UPDATE on MariaDB, a trigger on each table on the other two."""
    tables = ("addresses", "cities", "states", "users")
    catalogue = {k: journeys[k]["schema"]["0005"]["(catalogue)"]
                 for k in KINDS}
    assert catalogue["mariadb"] == [
        "{}.updated_at on update current_timestamp(6)".format(t)
        for t in tables]
    assert catalogue["postgres"] == sorted(
        ["{0}_updated_at {0}".format(t) for t in tables]
        + ["set_updated_at"])
    assert catalogue["sqlite"] == [
        "{0}_updated_at {0}".format(t) for t in tables]


@pytest.mark.parametrize("kind", KINDS)
def test_timestamps_are_the_databases(journeys, kind):
    """Written by the database's own client, the row gets its timestamps.

    Equal at the INSERT; after an UPDATE, created_at is kept and
    updated_at is later.
    """
    assert journeys[kind]["timestamps"] == (True, True, True)


@pytest.mark.parametrize("kind", KINDS)
def test_autogenerate_no_difference_at_head_only(journeys, kind):
    """alembic check passes at head and fails at 0004 (the index).

    Step 3's deliberate change gives exactly its two operations.
    """
    got = journeys[kind]
    status, out = got["check at head"]
    assert status == 0 and out.endswith(
        "\nNo new upgrade operations detected.\n"), out
    # AutogenerateDiffsDetected, which the command line prints as FAILED.
    assert got["check at 0004"] == "CommandError"
    change = got["model change"]
    ops = re.findall(r"(create_index|add_column|drop_\w+)\(", change)
    assert ops == ["create_index", "add_column"], change
    assert "'ix_cities_name'" in change and "'phone'" in change
    assert ("batch_alter_table" in change) == (kind == "sqlite")


def test_each_database_names_the_foreign_keys_its_own_way(journeys):
    """Step 5 prints the names the catalogues list, and the convention's.

    MariaDB's and PostgreSQL's differ; SQLite's CREATE TABLE has none;
    the convention's are the same whatever the database.
    """
    keys = [("addresses", "city_id", "cities"),
            ("addresses", "user_id", "users"), ("cities", "state_id",
                                                "states")]
    listed = {k: journeys[k]["names in the catalogue"] for k in KINDS}
    assert sorted(n for n, _ in listed["sqlite"]) == ["addresses", "cities"]
    assert all("CONSTRAINT" not in sql.upper() for _, sql in
               listed["sqlite"])
    given = {"sqlite": {}}
    for kind in ("mariadb", "postgres"):
        given[kind] = {(t, c): n for t, c, n in listed[kind]}
        assert sorted(given[kind]) == [k[:2] for k in keys], kind
    assert not set(given["mariadb"].values()) & set(
        given["postgres"].values())
    for kind in KINDS:
        assert journeys[kind]["names"] == "".join(
            "{0}.{1}: {3}; by the convention: fk_{0}_{1}_{2}\n".format(
                *key, given[kind].get(key[:2], "no name")) for key in keys)


@pytest.mark.parametrize("kind", KINDS)
def test_the_data_migration(journeys, kind):
    """0005 trims and lowers every e-mail; its downgrade keeps the rows."""
    got = journeys[kind]
    wanted = [("ann@example.com",), ("bob@x.org",),
              ("betty@holberton.example",)]
    assert got["emails"] == sorted(wanted[:2])
    assert got["emails after downgrade"] == sorted(wanted)


def test_time_zones_and_collations_as_the_page_says(journeys):
    """SQLite's default is UTC; MariaDB's and PostgreSQL's, in a column
    without time zone, the session's wall time.  0005's index refuses an
    accented twin only under MariaDB's accent-blind collation."""
    got = {kind: journeys[kind]["zone and accents"] for kind in KINDS}
    assert got == {"sqlite": (0, False), "mariadb": (300, True),
                   "postgres": (300, False)}


@pytest.mark.parametrize("kind", KINDS)
def test_the_orm_wrote_the_user_and_addresses(journeys, kind):
    """Step 4's user and her two addresses are rows, in two states."""
    got = journeys[kind]
    assert got["orm rows"] == [
        ("betty@holberton.example", "1 Market Street", "San Francisco"),
        ("betty@holberton.example", "2 Congress Avenue", "Austin")]
    assert got["orm"].count("Betty Holberton") == 3


@pytest.mark.parametrize("kind", KINDS)
def test_the_orm_lists_in_one_query_each_way(journeys, kind):
    """Run again, step 4 prints the same, and reads with four SELECTs.

    Two find the cities by name; then one lists the user, her addresses,
    their cities and states, and one goes the other way: no lazy load.
    """
    out, sent = journeys[kind]["orm sent"]
    assert out == journeys[kind]["orm"]
    selects = [" ".join(s.split()) for s in sent
               if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 4, selects
    assert all("WHERE cities.name =" in s for s in selects[:2])
    assert "FROM users LEFT OUTER JOIN addresses" in selects[2]
    # MariaDB's dialect writes INNER JOIN, the others JOIN.
    assert re.search("FROM states (INNER )?JOIN cities ON", selects[3])
    assert "LEFT OUTER JOIN users AS users_1" in selects[3]
    for table in ("users", "addresses", "cities", "states"):
        assert "FROM {}".format(table) in selects[2] or (
            "JOIN {}".format(table) in selects[2])


def test_a_migration_that_fails_half_way(journeys):
    """MariaDB keeps the ALTER TABLE of a failed upgrade; PostgreSQL not.

    Both still say 0005; on MariaDB, running it again fails at the
    column it left.  SQLite, which keeps three letters in
    VARCHAR(2), does not fail at all.
    """
    broken = {k: journeys[k]["broken"] for k in KINDS}
    after = {k: journeys[k]["after broken"] for k in KINDS}
    assert broken["mariadb"][0] == broken["postgres"][0] == 1
    assert broken["mariadb"][1].endswith(
        "\nError 1406: Data too long for column 'code' at row 1\n")
    assert broken["postgres"][1].endswith(
        "\nError: value too long for type character varying(2)\n")
    names = {k: [c[0] for c in after[k][0]] for k in KINDS}
    assert (names["mariadb"][-1], after["mariadb"][1]) == ("code", "0005")
    assert "code" not in names["postgres"] and after["postgres"][1] == "0005"
    assert broken["sqlite"][0] == 0
    status, out = journeys["mariadb"]["broken again"]
    assert status == 1
    assert out.endswith("\nError 1060: Duplicate column name 'code'\n")
    assert (names["sqlite"][-1], after["sqlite"][1]) == ("code", "0006")


def test_why_sqlite_needs_batch_mode(tmp_path):
    """SQLite's own ALTER TABLE refuses revision 0002's column.

    The message is the page's; the table batch mode copies instead keeps
    its rows, with their ids (the journey above).
    """
    db = sqlite3.connect(str(tmp_path / "alter.db"))
    try:
        # SQLite refuses it only when the table has rows, as the task's.
        db.execute("CREATE TABLE states (id INTEGER PRIMARY KEY)")
        db.execute("INSERT INTO states (id) VALUES (1)")
        with pytest.raises(sqlite3.OperationalError) as refused:
            db.execute("ALTER TABLE states ADD COLUMN created_at DATETIME"
                       " DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now'))")
    finally:
        db.close()
    assert str(refused.value) == "Cannot add a column with non-constant" \
        " default"
    page = (ROOT / "parts" / "7-migrations" / "README.md").read_text("utf-8")
    assert "(`Cannot add a column with non-constant default`)" in " ".join(
        page.split())


def test_offline_sql_connects_to_nothing(tmp_path):
    """--sql prints the page's SQL with no server where the URL points."""
    page = (ROOT / "parts" / "7-migrations" / "README.md").read_text("utf-8")
    for kind, driver in (("mariadb", "mysql+mysqldb"),
                         ("postgres", "postgresql+psycopg")):
        db = Database(kind, tmp_path)
        db.url = url_string(driver, username="nobody", password=SECRET,
                            host="127.0.0.1", port=free_port(),
                            database="nowhere")
        out = db.up("upgrade", "0001:0002", "--sql")
        shown = '$ alembic -x url="${}" upgrade 0001:0002 --sql\n'.format(
            kind)
        assert shown + out in page + "\n", kind
        assert SECRET not in out


def bad(args, env=None):
    """Run alembic with these arguments; (status, stdout, stderr)."""
    proc = subprocess.run(
        [str(venv() / "bin" / "alembic"), "-c", INI, *args], cwd=ROOT,
        env=dict(os.environ, LANG="C.UTF-8", **(env or {})),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


@pytest.mark.parametrize("url,words", [
    (None, "no database URL"),
    ("not-a-url", "not a SQLAlchemy URL"),
    ("nosuch://root:{}@localhost/x".format(SECRET), "cannot load nosuch"),
    (url_string("mysql+mysqldb", username=USER, password=SECRET,
                host=HOST, port=PORT, database="hbtn_0e_0_usa"),
     "Error 1045: Access denied"),
    ("postgresql+psycopg://root:{}@localhost/postgres".format(SECRET),
     "password authentication failed"),
])
@pytest.mark.errors
def test_bad_url_one_line_exit_1(url, words):
    """No URL, a bad one, a bad login: one line, exit 1, no password."""
    args = ["-x", "url=" + url] if url else []
    status, out, err = bad(args + ["upgrade", "head"],
                           env={"HBTN_7_URL": ""})
    lines = [line for line in err.split("\n")
             if line and not line.startswith("INFO  [alembic")]
    assert (status, out) == (1, "")
    assert len(lines) == 1 and lines[0].startswith("Error"), err
    assert words in lines[0]
    assert SECRET not in err and "Traceback" not in err


def test_the_url_from_the_environment(tmp_path):
    """HBTN_7_URL serves when -x url=... is not given."""
    url = "sqlite:///" + str(tmp_path / "env.db")
    status, out, err = bad(["upgrade", "head"], env={"HBTN_7_URL": url})
    assert (status, out) == (0, ""), err
    assert err.endswith("0004 -> 0005, Data migration: e-mail addresses"
                        " in lower case, then unique.\n")


@pytest.mark.parametrize("script", ["0-task_tables.py", "4-orm.py",
                                    "5-constraint_names.py"])
def test_usage_without_url(script):
    """Without its URL a step says how to call it, on one line, and 1."""
    proc = run_part("parts/7-migrations/" + script)
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == "Usage: ./parts/7-migrations/{} URL\n".format(
        script)


@pytest.mark.errors
def test_a_step_on_a_bad_url_says_one_line():
    """A step given a URL that is not one: one line, exit 1."""
    proc = run_part("parts/7-migrations/1-schema.py", "not-a-url")
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr.startswith("Error: the argument is not a SQLAlchemy")
    assert proc.stderr.count("\n") == 1


def test_files_keep_the_rules():
    """Shebang, run bit, docstrings, one skeleton, pycodestyle, needs.

    Every step ends with the same two lines; every module, class and
    function opens with a sentence; each revision names its parent, in
    one chain; no URL or password is written in alembic.ini.
    """
    names = sorted(p.name for p in PART.glob("[0-9]-*.py"))
    assert [n.split("-")[0] for n in names] == [str(i) for i in range(6)]
    revisions = sorted((PART / "versions").glob("*.py"))
    files = ([PART / n for n in names] + revisions
             + [PART / "kit.py", PART / "models.py", PART / "env.py",
                PART / "broken" / "0006_state_codes.py"])
    for path in files:
        text = path.read_text("utf-8")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.Module, ast.ClassDef,
                                 ast.FunctionDef)):
                doc = ast.get_docstring(node) or ""
                assert re.match(r"[A-Z].{10,}\.", " ".join(doc.split())), (
                    path.name, getattr(node, "name", "module"))
        if path.parent == PART and path.name[0].isdigit():
            assert text.startswith("#!/usr/bin/env python3\n")
            assert os.stat(path).st_mode & stat.S_IXUSR
            assert "Usage: ./{} URL\n".format(path.name) in text
            assert text.endswith('\n\nif __name__ == "__main__":\n'
                                 '    kit.run(main)\n')
    parents = []
    for path in revisions:
        text = path.read_text("utf-8")
        parents.append(re.search(r'^down_revision = (.*)$', text,
                                 re.M).group(1))
        assert "def downgrade():\n" in text and "    pass\n" not in text
    assert parents == ["None", '"0001"', '"0002"', '"0003"', '"0004"']
    ini = (PART / "alembic.ini").read_text()
    assert "\nsqlalchemy.url" not in ini and "://" not in ini
    style = subprocess.run(["pycodestyle", str(PART), __file__],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert (style.returncode, style.stdout, style.stderr) == (0, b"", b"")
    assert (PART / "needs").read_text() == "postgres\n"
    requirements = (PART / "requirements.txt").read_text()
    assert "\nalembic==1.20.1\n" in requirements


# --- History is frozen ----------------------------------------------------

def revision_files():
    """Every revision Alembic can run: versions/, and the broken one."""
    return sorted((PART / "versions").glob("*.py")) + sorted(
        (PART / "broken").glob("*.py"))


def imported_modules(path):
    """The top-level names of the modules a file imports."""
    tree = ast.parse(path.read_text("utf-8"))
    names = {alias.name.split(".")[0] for node in ast.walk(tree)
             if isinstance(node, ast.Import) for alias in node.names}
    return names | {node.module.split(".")[0] for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom) and node.module}


def test_no_revision_imports_application_code():
    """A revision imports Alembic and SQLAlchemy, nothing of the part.

    The models (models.py) and the kit may change tomorrow; a revision
    that imported them would then do something other than what it did
    when it ran on a database yesterday.
    """
    found = {p.name: imported_modules(p) for p in revision_files()}
    assert len(found) == 6
    assert {name: mods - {"alembic", "sqlalchemy"}
            for name, mods in found.items()} == {n: set() for n in found}


def test_the_frozen_rule_sees_an_import(tmp_path):
    """A revision that imports the models is caught by the same check."""
    bad = tmp_path / "0007_bad.py"
    bad.write_text("from alembic import op\nfrom models import State\n"
                   "import kit, sqlalchemy as sa\n")
    assert imported_modules(bad) == {"alembic", "models", "kit",
                                     "sqlalchemy"}


def test_the_models_do_not_change_what_history_does(tmp_path):
    """The chain does the same with the models emptied.

    The part's folder is copied, its models.py replaced by one that maps
    nothing.  From both copies, ``alembic upgrade head --sql`` (offline,
    no server) prints the same SQL for MariaDB and PostgreSQL, and
    ``alembic upgrade head`` on SQLite (whose batch mode needs a live
    database) makes the same schema.
    """
    copy = tmp_path / "7-migrations"
    shutil.copytree(PART, copy, ignore=shutil.ignore_patterns(
        "__pycache__", "test_*"))
    (copy / "models.py").write_text(
        '"""Nothing mapped."""\nfrom sqlalchemy.orm import DeclarativeBase'
        '\n\n\nclass Base(DeclarativeBase):\n    """No table."""\n')

    def alembic(folder, url, *args):
        """Run alembic with that folder's alembic.ini; its stdout."""
        proc = subprocess.run(
            [str(venv() / "bin" / "alembic"), "-c",
             str(folder / "alembic.ini"), "-x", "url=" + url, *args],
            cwd=ROOT, env=dict(os.environ, LANG="C.UTF-8"),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        assert proc.returncode == 0, proc.stderr.decode()
        return proc.stdout.decode()

    for url in ("mysql+mysqldb://u:p@localhost/x",
                "postgresql+psycopg://u:p@localhost/x"):
        sql = [alembic(folder, url, "upgrade", "head", "--sql")
               for folder in (PART, copy)]
        assert "CREATE TABLE users" in sql[0], url
        assert sql[0] == sql[1], url
    schemas = []
    for number, folder in enumerate((PART, copy)):
        file = tmp_path / "{}.db".format(number)
        alembic(folder, "sqlite:///" + str(file), "upgrade", "head")
        with sqlite3.connect(str(file)) as db:
            schemas.append(db.execute(
                "SELECT type, name, sql FROM sqlite_master"
                " ORDER BY type, name").fetchall())
    assert ("table", "addresses") in [s[:2] for s in schemas[0]]
    assert schemas[0] == schemas[1]


# --- Autogenerate from the command line, on a copy ------------------------

CAPITAL = "    capital: Mapped[Optional[str]] = mapped_column(String(128))\n"


def copy_of_the_part(folder):
    """The part's folder copied, as the page copies it: its alembic.ini."""
    copy = folder / "7-migrations"
    shutil.copytree(PART, copy, ignore=shutil.ignore_patterns(
        "__pycache__", "test_*"))
    return copy


def alembic_in(ini, *args):
    """Run alembic with that alembic.ini: (status, stdout, stderr)."""
    proc = subprocess.run(
        [str(venv() / "bin" / "alembic"), "-c", str(ini), *args], cwd=ROOT,
        env=dict(os.environ, LANG="C.UTF-8"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def sqlite_facts(file):
    """The columns of states, its ids, and the triggers, from SQLite."""
    with sqlite3.connect(str(file)) as db:
        columns = [r[1] for r in db.execute("PRAGMA table_info(states)")]
        ids = [r[0] for r in db.execute("SELECT id FROM states ORDER BY id")]
        triggers = sorted(r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"))
    return columns, ids, triggers


def test_init_makes_an_environment_to_edit(tmp_path):
    """alembic init writes the page's files and its two lines to edit.

    As made, the URL is a placeholder and target_metadata is None: with
    a real URL put in, revision --autogenerate refuses, and writes no
    file, until the models' metadata is given.
    """
    ini, folder = tmp_path / "alembic.ini", tmp_path / "migrations"
    status, out, err = alembic_in(ini, "init", str(folder))
    assert (status, err) == (0, ""), err
    made = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    assert made == ["alembic.ini", "migrations", "migrations/README",
                    "migrations/env.py", "migrations/script.py.mako",
                    "migrations/versions"]
    assert out.endswith("Generating {} ...  done\nPlease edit configuration"
                        "/connection/logging settings in {} before"
                        " proceeding.\n".format(ini, ini)), out
    text = ini.read_text("utf-8")
    placeholder = "\nsqlalchemy.url = driver://user:pass@localhost/dbname\n"
    assert placeholder in text
    assert "\ntarget_metadata = None\n" in (folder / "env.py").read_text()
    ini.write_text(text.replace(placeholder, "\nsqlalchemy.url = sqlite:///"
                                + str(tmp_path / "init.db") + "\n"))
    status, out, err = alembic_in(ini, "revision", "--autogenerate",
                                  "-m", "x")
    assert status == 255
    assert "does not provide a MetaData object" in err
    assert list((folder / "versions").iterdir()) == []


def test_autogenerate_writes_a_revision_from_the_models(tmp_path):
    """revision --autogenerate writes the page's draft; it runs up, down.

    With a nullable State.capital in the copy's models, the command logs
    what it detected on stderr and writes a batch add_column and its
    drop_column; upgrade adds the column on SQLite, downgrade removes it
    and keeps the rows, but its table copy takes states' trigger with it,
    as the page warns.  On MariaDB and PostgreSQL (offline) the downgrade
    is a plain ALTER TABLE ... DROP COLUMN.
    """
    copy = copy_of_the_part(tmp_path)
    models = copy / "models.py"
    text = models.read_text("utf-8").replace(
        "from typing import List\n",
        "from typing import List\nfrom typing import Optional\n").replace(
        '    __tablename__ = "states"\n',
        '    __tablename__ = "states"\n' + CAPITAL)
    assert CAPITAL in text and "import Optional\n" in text
    models.write_text(text, "utf-8")
    file = tmp_path / "auto.db"
    url = "sqlite:///" + str(file)

    def alembic(url, *args):
        """Run alembic on that URL with the copy's alembic.ini."""
        return alembic_in(copy / "alembic.ini", "-x", "url=" + url, *args)

    assert alembic(url, "upgrade", "head")[0] == 0
    before = sqlite_facts(file)
    status, out, err = alembic(url, "revision", "--autogenerate", "-m",
                               "State capitals", "--rev-id", "0006")
    assert status == 0, err
    written = copy / "versions" / "0006_state_capitals.py"
    assert out == "Generating {} ...  done\n".format(written)
    assert "Detected added column 'states.capital'\n" in err
    draft = written.read_text("utf-8")
    assert "down_revision = '0005'\n" in draft
    assert ("    with op.batch_alter_table('states', schema=None) as"
            " batch_op:\n        batch_op.add_column(sa.Column('capital',"
            " sa.String(length=128), nullable=True))\n") in draft
    assert "        batch_op.drop_column('capital')\n" in draft
    assert alembic(url, "upgrade", "head")[0] == 0
    up = sqlite_facts(file)
    assert alembic(url, "downgrade", "-1")[0] == 0
    down = sqlite_facts(file)
    assert up[0] == before[0] + ["capital"] and down[0] == before[0]
    assert before[1] == up[1] == down[1] == [1, 2, 3, 4, 5]
    assert "states_updated_at" in before[2] and before[2] == up[2]
    assert down[2] == sorted(set(before[2]) - {"states_updated_at"})
    for server in ("mysql+mysqldb://u:p@localhost/x",
                   "postgresql+psycopg://u:p@localhost/x"):
        status, sql, err = alembic(server, "downgrade", "0006:0005",
                                   "--sql")
        assert status == 0, err
        assert "\nALTER TABLE states DROP COLUMN capital;\n" in sql, sql
