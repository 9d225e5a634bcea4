"""The tests of bin/check on real folders: own, broken, attacking.

Three folders are checked at once, each by its own process (python3 -m
check --json, what bin/check runs after setup): the project's top level,
which must hold; a copy of it with one fault in each of sixteen files
(files are checked on their own, so one folder serves every fault); and a
folder whose scripts sleep forever or attack the server.  The docs page's
transcript (bin/check itself on a folder with two faults) runs meanwhile.
"""
import hashlib
import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from conftest import ROOT, Databases, query
from lesson import transcript
from lesson.steps import STEPS, TASK_FILES


def replace(old, new):
    """A fault: ``old`` (which must be there) becomes ``new``."""
    def change(text):
        """Apply the replacement to a file's text."""
        assert old in text, old
        return text.replace(old, new)
    return change


def first_line_dropped(text):
    """A fault: the shebang line is gone."""
    return text.split("\n", 1)[1]


def crlf(text):
    """A fault: Windows line endings."""
    return text.replace("\n", "\r\n")


# file, how it is broken, the classes that must fail (and no other).
FAULTS = [
    ("0-select_states.py", replace(" ORDER BY id\")", "\")"),
     {"hostile", "queries"}),
    ("1-filter_states.py", replace("CAST(name AS BINARY) LIKE",
                                   "name LIKE"), {"hostile"}),
    ("3-my_safe_filter_states.py", lambda t: replace(
        " = %s\"", " = '{}'\"")(replace(
            "ORDER BY id\", (name,))", "ORDER BY id\".format(name))")(t)),
     {"output", "queries", "injection"}),
    ("4-cities_by_state.py", replace("if len(sys.argv) != 4:",
                                     "if False:"), {"errors"}),
    ("6-model_state.py", replace(
        '    """Create every table declared on Base that is missing."""\n',
        ""), {"style"}),
    ("7-model_state_fetch_all.py", replace(
        "        for state in", "        print(\"connected\")\n"
        "        for state in"), {"output"}),
    ("8-model_state_fetch_first.py", lambda t: replace(
        ".first()", ".all()")(replace("if state is None:", "if not state:")(
            replace("state.id, state.name", "state[0].id, state[0].name")(
                t))), {"queries"}),
    ("9-model_state_filter_a.py", replace(
        "        has_a = ", "        # never execute raw SQL here\n"
        "        has_a = "), {"rules"}),
    ("10-model_state_my_get.py", replace('print("Not found")',
                                         'print("Nothing")'), {"output"}),
    ("11-model_state_insert.py", replace("session.commit()",
                                         "session.flush()"), {"writes"}),
    ("12-model_state_update_id_2.py", crlf, {"style"}),
    ("13-model_state_delete_a.py", None, {"style"}),
    ("14-model_city_fetch_by_state.py", first_line_dropped, {"style"}),
    ("101-relationship_states_cities_list.py", replace(
        "                      .outerjoin(State.cities)\n"
        "                      .options(contains_eager(State.cities))\n"
        "                      .order_by(State.id, City.id)):",
        "                      .order_by(State.id)):"), {"queries"}),
    ("model_state.py", replace("String(128)", "String(256)"), {"output"}),
    ("relationship_state.py", replace('cascade="all, delete-orphan", ',
                                      ""), {"writes"}),
]

# The sleeper's child sleeps this long: its argv marks it.
MARKER = "1000.{}".format(os.getpid())
SLEEPER = '''#!/usr/bin/python3
"""Start a child that outlives its parent, then sleep for ever."""
import os
import subprocess
import time

import MySQLdb

if __name__ == "__main__":
    child = subprocess.Popen(["sleep", {marker!r}])
    with open({pids!r}, "a") as out:
        out.write("{{}} {{}}\\n".format(os.getpid(), child.pid))
    time.sleep(1000)
'''

ATTACKER = '''#!/usr/bin/python3
"""Try what a hostile script would, and note what the server allowed."""
import os
import sys

import MySQLdb

TRIES = ("DROP DATABASE {canary}", "SELECT * FROM {canary}.t",
         "CREATE USER intruder IDENTIFIED BY 'x'",
         "SELECT * FROM mysql.user", "CREATE DATABASE hbtn_0e_intruder")


def main(user, password, database, name):
    """Send each statement and write down whether it went through."""
    db = MySQLdb.connect(host=os.environ.get("MYSQL_HOST", "localhost"),
                         port=int(os.environ.get("MYSQL_TCP_PORT", "3306")),
                         user=user, password=password, database=database)
    with open({notes!r}, "a") as out:
        out.write("ENV " + " ".join(sorted(os.environ)) + "\\n")
        out.write("UID {{}}\\n".format(os.getuid()))
        out.write("VALUES " + " ".join(os.environ.values()) + "\\n")
        for statement in TRIES:
            try:
                db.cursor().execute(statement)
                out.write("ALLOWED " + statement + "\\n")
            except MySQLdb.Error as error:
                out.write("REFUSED {{}}\\n".format(error.args[0]))
    print("done")


if __name__ == "__main__":
    main(*sys.argv[1:])
'''


def slow_on_sleep(text):
    """Step 5, right but slow when the name asks for SLEEP: as if it ran."""
    doc = ('    """Print the names of the cities of state ``name`` on one'
           ' line."""\n')
    text = replace("import sys\n", "import sys\nimport time\n")(text)
    return replace(doc, doc + '    if "SLEEP" in name:\n'
                   '        time.sleep(3.5)\n')(text)


def fingerprint(folder):
    """Every top-level file's name, mode and content hash."""
    return {p.name: (p.stat().st_mode, hashlib.sha256(
        p.read_bytes()).hexdigest()) for p in sorted(folder.iterdir())
        if p.is_file()}


def start_check(folder, notes):
    """Start python3 -m check --json on ``folder`` as bin/check does.

    The scripts run in bin/check's sandbox, where the host's folders are
    out of reach: ``notes`` is bound in it at /notes for them.
    """
    return subprocess.Popen(
        [sys.executable, "-m", "check", "--json", str(folder)], cwd=ROOT,
        env=dict(os.environ, LANG="C.UTF-8", HBTN_CHECK_NOTES=str(notes)),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish(proc):
    """Wait for a check; return (exit status, parsed JSON, stderr)."""
    out, err = proc.communicate(timeout=300)
    return proc.returncode, json.loads(out.decode("utf-8")), err.decode()


def broken_copy(target):
    """The project's top-level files, with FAULTS applied."""
    target.mkdir()
    for path in ROOT.glob("*.py"):
        (target / path.name).write_bytes(path.read_bytes())
        os.chmod(str(target / path.name), path.stat().st_mode)
    for name, change, _ in FAULTS:
        path = target / name
        if change is None:
            os.chmod(str(path), 0o644)
        else:
            path.write_bytes(change(path.read_text("utf-8")).encode())


def docs_env():
    """The docs' environment, with the login of this test run."""
    env = transcript.environment()
    for name in ("MYSQL_USER", "MYSQL_PWD"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """Check the three folders at once; the docs page meanwhile.

    Yields a dict of what each run returned and the folders' fingerprints
    before and after.
    """
    top = tmp_path_factory.mktemp("check")
    faults, attack = top / "faults", top / "attack"
    broken_copy(faults)
    attack.mkdir()
    made = Databases()
    canary = made.new()
    query(canary, "CREATE TABLE t (secret VARCHAR(20))")
    query(canary, "INSERT INTO t VALUES ('kept')")
    # The scripts may run as nobody (when the tests run as root): they
    # write their notes in a folder anyone may write in.
    shared = Path(tempfile.mkdtemp(prefix="hbtn-check-notes-"))
    os.chmod(str(shared), 0o777)
    pids, notes = shared / "pids.txt", shared / "notes.txt"
    (attack / "0-select_states.py").write_text(SLEEPER.format(
        pids="/notes/pids.txt", marker=MARKER))
    (attack / "3-my_safe_filter_states.py").write_text(ATTACKER.format(
        canary=canary, notes="/notes/notes.txt"))
    (attack / "5-filter_cities.py").write_text(slow_on_sleep(
        (ROOT / "5-filter_cities.py").read_text("utf-8")))
    (attack / "hints.py").write_bytes((ROOT / "hints.py").read_bytes())
    for path in attack.iterdir():
        os.chmod(str(path), 0o755)
    before = {f: fingerprint(f) for f in (ROOT, faults, attack)}
    docs = {}
    page = threading.Thread(target=lambda: docs.update(
        wrong=transcript.check(ROOT / "docs" / "check.md", docs_env())))
    procs = {name: start_check(folder, shared) for name, folder in (
        ("own", ROOT), ("faults", faults), ("attack", attack))}
    page.start()
    try:
        runs = {name: finish(proc) for name, proc in procs.items()}
        page.join(300)
        yield {"runs": runs, "before": before,
               "after": {f: fingerprint(f) for f in before},
               "canary": canary, "pids": pids, "notes": notes,
               "docs": docs}
    finally:
        made.drop_all()
        shutil.rmtree(str(shared))


def test_own_folder_holds(checked):
    """The project's own top-level files all pass: exit 0, ok true."""
    status, report, err = checked["runs"]["own"]
    assert (status, err) == (0, "")
    assert report["ok"] is True and report["missing"] == []
    assert sorted(report["steps"]) == sorted(TASK_FILES)
    wrong = {name: entry["failures"] for name, entry in
             report["steps"].items() if not entry["ok"]}
    assert wrong == {}


def test_json_shape(checked):
    """The JSON report has exactly the keys and types the issue names."""
    _, report, _ = checked["runs"]["faults"]
    assert set(report) == {"ok", "missing", "steps"}
    for entry in report["steps"].values():
        assert set(entry) == {"ok", "failures"}
        assert entry["ok"] is (entry["failures"] == [])
        for failure in entry["failures"]:
            assert set(failure) == {"check", "why"}
            assert "\n" not in failure["why"] and failure["why"]


@pytest.mark.parametrize("name, classes", [(n, c) for n, _, c in FAULTS])
def test_each_fault_fails_its_file_only_as_expected(checked, name,
                                                    classes):
    """A broken file fails with exactly the expected classes."""
    status, report, err = checked["runs"]["faults"]
    assert (status, err) == (1, "")
    got = {f["check"] for f in report["steps"][name]["failures"]}
    assert got == classes, report["steps"][name]["failures"]


def test_unbroken_files_still_hold(checked):
    """The files no fault touched pass, next to sixteen broken ones."""
    _, report, _ = checked["runs"]["faults"]
    broken = {name for name, _, _ in FAULTS}
    held = {name for name, entry in report["steps"].items() if entry["ok"]}
    assert held == set(TASK_FILES) - broken
    assert report["ok"] is False


def test_folders_are_untouched(checked):
    """Every checked folder is byte-identical afterwards, modes too."""
    assert checked["after"] == checked["before"]


def test_sleeper_is_cut_off_with_its_child(checked):
    """A script that sleeps for ever is stopped once, with its child."""
    status, report, _ = checked["runs"]["attack"]
    assert status == 1
    assert report["missing"] == [n for n in TASK_FILES if n not in (
        "0-select_states.py", "3-my_safe_filter_states.py",
        "5-filter_cities.py")]
    failures = report["steps"]["0-select_states.py"]["failures"]
    assert [f["check"] for f in failures] == ["timeout"]
    started = checked["pids"].read_text().split()
    assert len(started) == 2
    # Their pids are the sandbox's own; the child is found by its argv.
    left = [p for p in Path("/proc").iterdir() if p.name.isdigit()
            and readable_argv(p) == b"sleep\0" + MARKER.encode() + b"\0"]
    assert left == []


def readable_argv(process):
    """The argv of a process in /proc, b"" if it is gone."""
    try:
        return (process / "cmdline").read_bytes()
    except OSError:
        return b""


def test_a_sleep_that_ran_is_noticed(checked):
    """A step slow only when the name holds SLEEP fails injection."""
    _, report, _ = checked["runs"]["attack"]
    failures = report["steps"]["5-filter_cities.py"]["failures"]
    assert [f["check"] for f in failures] == ["injection"], failures
    assert "SLEEP" in failures[0]["why"], failures


def test_attacker_is_refused_by_the_server(checked):
    """The run's account may not drop, read or create outside its own."""
    notes = checked["notes"].read_text().split("\n")
    tried = [n for n in notes if n.startswith(("ALLOWED", "REFUSED"))]
    assert tried and all(n.startswith("REFUSED") for n in tried), tried
    assert query(checked["canary"], "SELECT secret FROM t") == [("kept",)]
    names = notes[0].split()[1:]
    assert "MYSQL_PWD" not in names and "MYSQL_USER" not in names
    values = [n for n in notes if n.startswith("VALUES")]
    assert all(os.environ["MYSQL_PWD"] not in v.split() for v in values)


def test_scripts_run_unprivileged(checked):
    """As root, the checker runs the scripts as nobody; else as us."""
    uids = {n.split()[1] for n in checked["notes"].read_text().split("\n")
            if n.startswith("UID ")}
    own = os.geteuid()
    assert uids == {str(pwd.getpwnam("nobody").pw_uid if own == 0
                        else own)}


def test_nothing_is_left_behind(checked):
    """No account, database or process of the runs is left.

    A run's account and databases are named for its process id
    (hbtn_chk<pid>); those of a run still going (tests/test_docs.py runs
    docs/check.md on another worker meanwhile) are not left behind.
    """
    assert checked["runs"]  # the runs have ended
    users = query(None, "SELECT user FROM mysql.user"
                        " WHERE user LIKE 'hbtn\\_chk%%'")
    dbs = query(None, "SHOW DATABASES LIKE 'hbtn\\_chk%'")
    assert ([u for u in users if ended(u[0])],
            [d for d in dbs if ended(d[0])]) == ([], [])


def ended(name):
    """Whether the bin/check run that a name belongs to has ended."""
    pid = int(re.match(r"hbtn_chk(\d+)", name).group(1))
    return not Path("/proc/{}".format(pid)).exists()


def test_docs_page_transcript_is_exact(checked):
    """The commands of docs/check.md print exactly what the page shows."""
    assert checked["docs"].get("wrong") == []


def test_usage_errors_exit_2():
    """No folder, or not a folder: one line on stderr, exit status 2."""
    for args in ([], ["--json"], ["/no/such/folder"], ["-x", "a"]):
        proc = subprocess.run([str(ROOT / "bin" / "check")] + args,
                              stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=30)
        assert proc.returncode == 2, args
        assert proc.stdout == b""
        assert proc.stderr.decode().count("\n") == 1, proc.stderr


def test_steps_list_matches():
    """The check knows every step of the task (lesson.steps)."""
    assert len(STEPS) == 18 and len(TASK_FILES) == 22
