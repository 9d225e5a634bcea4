"""The tests of bin/check on real folders: own, broken, students', attacking.

Five folders are checked at once, each by its own process (python3 -m
check --json, what bin/check runs after setup): the project's own files
that the docs page does not show holding, which must hold; copies of
sixteen of them with one fault in each, beside three unbroken ones (files
are checked on their own, so one folder serves every fault); two
folders of files written as students write them (tests/students/: one
with a typical mistake in each file, one of correct but unusual styles),
each file with its exact expected verdict; and a folder whose scripts
sleep forever or attack the server.  The docs page's transcript (bin/check
itself on a folder with two faults) runs meanwhile.  The diagnosis of a
differing output is also tested on its own, without a server.
"""
import hashlib
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from conftest import ROOT, Databases, query
from harness import transcript
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
# One cause fails once: step 0's missing ORDER BY shows on the hostile
# data and in the server's log, and is reported by the first; step 3's
# pasted name shows in its output, its statement and the injection inputs.
FAULTS = [
    ("0-select_states.py", replace(" ORDER BY id\")", "\")"),
     {"hostile"}),
    ("1-filter_states.py", replace("CAST(name AS BINARY) LIKE",
                                   "name LIKE"), {"hostile"}),
    ("3-my_safe_filter_states.py", lambda t: replace(
        " = %s\"", " = '{}'\"")(replace(
            "ORDER BY id\", (name,))", "ORDER BY id\".format(name))")(t)),
     {"output"}),
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
# Advice, never a failure: the task does not ask for a usage line.
NOTED = [("4-cities_by_state.py", replace("if len(sys.argv) != 4:",
                                          "if False:"), "errors")]
STUDENTS = ROOT / "tests" / "students"
DIFFERS = "No known mistake prints this"

# The typical mistakes: each file's failures as (class, words of the why,
# words of the advice), and words neither may hold.  Every other file of
# the folder holds.
MISTAKES = {
    "5-filter_cities.py": [("hostile", ["'100%'", "what LIKE prints"],
                            ["instead of LIKE"])],
    "8-model_state_fetch_first.py": [("hostile", ["no ORDER BY"],
                                      ["ORDER BY states.id"])],
    "9-model_state_filter_a.py": [("hostile", ["default collation",
                                               "ignores case and accents"],
                                   ["byte for byte"])],
    "10-model_state_my_get.py": [("hostile", ["'Texas'", "trailing"],
                                  ["utf8mb4_bin too"])],
    "12-model_state_update_id_2.py": [("output", [
        "cannot start", "line 16: TabError", "were skipped"],
        ["python3 12-model_state_update_id_2.py"])],
    "13-model_state_delete_a.py": [("hostile", ["(28, 'Bogotá')",
                                                "default collation"],
                                    ["byte for byte"])],
    "14-model_city_fetch_by_state.py": [("output", [
        "cannot start", "14-model_city_fetch_by_state.py line 4",
        "ImportError: cannot import name 'Sate'"],
        ["python3 14-model_city_fetch_by_state.py"])],
    "101-relationship_states_cities_list.py": [("hostile", [
        "cities under one are not in id order"], ["contains_eager"])],
    "102-relationship_cities_states_list.py": [("queries", [
        "2 SELECTs", "a fixed number", "not one per row"],
        ["contains_eager(City.state)"])],
}
# What no verdict of that folder may say: the wrong causes and advice
# the issue found (a wildcard for a missing ORDER BY, "Nothing" for a
# bound LIKE, commit() to a file that commits, N+1 for selectinload).
NEVER = ["wildcard in", "Nothing (step 8)", "pass the name", "commit()",
         "__main__", "N+1", "in the task's format", DIFFERS]


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
    out, err = proc.communicate(timeout=600)
    return proc.returncode, json.loads(out.decode("utf-8")), err.decode()


def shown_holding():
    """The task files docs/check.md's run shows holding (its ✓ lines).

    That run is bin/check itself on a copy of these files, checked by
    test_docs_page_transcript_is_exact: "own" checks only the others.
    """
    page = (ROOT / "docs" / "check.md").read_text("utf-8")
    return {line[2:] for line in page.split("\n")
            if line.startswith("\u2713 ")}


# The files no fault touches that stay in the faults folder, checked
# next to the broken ones; the others (step 5's 72 hostile inputs) are
# "own"'s or the page's to show holding.
UNBROKEN_KEPT = ("2-my_filter_states.py", "4-cities_by_state.py",
                 "100-relationship_states_cities.py")


def copy_files(target, names):
    """Copy the project's top-level files ``names`` (modes too)."""
    target.mkdir()
    for name in names:
        (target / name).write_bytes((ROOT / name).read_bytes())
        os.chmod(str(target / name), (ROOT / name).stat().st_mode)


def own_copy(target):
    """The project's own files that docs/check.md does not show holding,
    with hints.py."""
    copy_files(target, ["hints.py"] + sorted(
        set(TASK_FILES) - shown_holding()))


def broken_copy(target):
    """The project's files that FAULTS and NOTED change, with them
    applied, beside UNBROKEN_KEPT and hints.py."""
    changed = {name for name, _, _ in FAULTS + NOTED}
    copy_files(target, ["hints.py"] + sorted(changed | set(UNBROKEN_KEPT)))
    for name, change, _ in FAULTS + NOTED:
        path = target / name
        if change is None:
            os.chmod(str(path), 0o644)
        else:
            path.write_bytes(change(path.read_text("utf-8")).encode())


def students(folder, target):
    """A folder of tests/students/: each NAME.txt becomes NAME, runnable."""
    target.mkdir()
    for path in sorted((STUDENTS / folder).glob("*.txt")):
        (target / path.stem).write_bytes(path.read_bytes())
        os.chmod(str(target / path.stem), 0o755)


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
    faults, attack, own = top / "faults", top / "attack", top / "own"
    broken_copy(faults)
    own_copy(own)
    students("mistakes", top / "mistakes")
    students("unusual", top / "unusual")
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
    before = {f: fingerprint(f) for f in (own, faults, attack,
                                          top / "mistakes")}
    docs = {}
    page = threading.Thread(target=lambda: docs.update(
        wrong=transcript.check(ROOT / "docs" / "check.md", docs_env())))
    procs = {name: start_check(folder, shared) for name, folder in (
        ("own", own), ("faults", faults), ("attack", attack),
        ("mistakes", top / "mistakes"), ("unusual", top / "unusual"))}
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
    """The project's own top-level files all pass: exit 0, ok true.

    Those docs/check.md shows holding were checked there, by bin/check
    itself; the others here, in one folder.
    """
    status, report, err = checked["runs"]["own"]
    assert (status, err) == (0, "")
    shown = shown_holding()
    assert shown < set(TASK_FILES) and len(shown) == 9
    assert report["ok"] is True
    assert sorted(report["missing"]) == sorted(shown)
    assert sorted(report["steps"]) == sorted(set(TASK_FILES) - shown)
    assert checked["docs"].get("wrong") == []
    wrong = {name: entry["failures"] for name, entry in
             report["steps"].items() if not entry["ok"]}
    assert wrong == {}
    assert (report["notes"], report["misnamed"]) == ([], [])


def test_unusual_but_correct_styles_hold(checked):
    """backref, ext.declarative, fetchall(), LIKE BINARY, func.binary,
    %(name)s, with Session(engine), a bulk delete, one_or_none(): no
    failure; only the advice that they end in a traceback when an
    argument is missing."""
    status, report, err = checked["runs"]["unusual"]
    assert (status, err) == (0, "")
    assert len(report["steps"]) == 14
    assert {n: e["failures"] for n, e in report["steps"].items()
            if not e["ok"]} == {}
    assert [(n["check"], n["why"]) for n in report["notes"]] == [
        ("errors", "with an argument missing, it ends in a traceback")]


def test_typical_mistakes_get_their_cause(checked):
    """Each typical mistake fails once, with the cause it has and the
    advice that fits it; the files without a mistake hold."""
    status, report, err = checked["runs"]["mistakes"]
    assert (status, err) == (1, "")
    for name, entry in report["steps"].items():
        got = entry["failures"]
        want = MISTAKES.get(name, [])
        assert [f["check"] for f in got] == [w[0] for w in want], (name,
                                                                   got)
        for failure, (_, why, advice) in zip(got, want):
            for words in why:
                assert words in failure["why"], (name, words, failure)
            for words in advice:
                assert words in failure["advice"], (name, words, failure)
            for words in NEVER:
                assert words not in failure["why"] + failure["advice"], (
                    name, words, failure)
    assert set(MISTAKES) < set(report["steps"])


def test_advice_is_listed_once_and_fails_nothing(checked):
    """A short docstring and a traceback on a missing argument are notes:
    each listed once, with the files; the file with only those holds."""
    _, report, _ = checked["runs"]["mistakes"]
    notes = {n["check"]: n for n in report["notes"]}
    assert sorted(notes) == ["errors", "style"]
    assert notes["style"]["files"] == ["1-filter_states.py"]
    assert "shorter than a sentence" in notes["style"]["why"]
    assert "traceback" in notes["errors"]["why"]
    assert "1-filter_states.py" in notes["errors"]["files"]
    assert "12-model_state_update_id_2.py" not in notes["errors"]["files"]
    assert report["steps"]["1-filter_states.py"]["ok"] is True
    _, faults, _ = checked["runs"]["faults"]
    assert faults["steps"]["4-cities_by_state.py"]["ok"] is True
    assert [n["files"] for n in faults["notes"]] == [
        ["4-cities_by_state.py"]]


def test_a_misspelt_name_is_reported(checked):
    """A file one edit away from a task file: "did you mean"."""
    _, report, _ = checked["runs"]["mistakes"]
    assert report["misnamed"] == [{"file": "7-model_state_fetch_al.py",
                                   "meant": "7-model_state_fetch_all.py"}]
    assert "7-model_state_fetch_all.py" in report["missing"]


def test_json_shape(checked):
    """The JSON report has exactly the keys docs/check.md documents."""
    seen = set()
    for run in ("faults", "mistakes"):
        _, report, _ = checked["runs"][run]
        assert set(report) == {"ok", "missing", "misnamed", "steps",
                               "notes"}
        for entry in report["steps"].values():
            assert set(entry) == {"ok", "failures"}
            assert entry["ok"] is (entry["failures"] == [])
            for failure in entry["failures"]:
                keys = set(failure)
                seen |= keys
                assert {"check", "rule", "why", "advice"} <= keys
                assert keys <= {"check", "rule", "why", "advice",
                                "command", "expected", "got"}
                assert ("expected" in keys) is ("got" in keys)
                assert failure["rule"] in ("school", "task")
                assert "\n" not in failure["why"] and failure["why"]
                assert failure["advice"]
        for note in report["notes"]:
            assert set(note) == {"check", "why", "advice", "files"}
            assert note["files"] and note["advice"]
    assert seen == {"check", "rule", "why", "advice", "command",
                    "expected", "got"}


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
    assert held == set(report["steps"]) - broken
    assert held == set(UNBROKEN_KEPT)
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
    """bin/check made nothing on the project's server.

    Its accounts (hbtn_f<n>) and databases (hbtn_run_<n>) live in the
    run's own server, gone with it; tests/test_check_attacks.py shows
    that no run folder, server or script of a run is left either.
    """
    assert checked["runs"]  # the runs have ended
    users = query(None, "SELECT user FROM mysql.user WHERE user LIKE"
                        " 'hbtn\\_f%%' OR user LIKE 'hbtn\\_chk%%'")
    dbs = query(None, "SELECT schema_name FROM information_schema.schemata"
                      " WHERE schema_name LIKE 'hbtn\\_run%%'"
                      " OR schema_name LIKE 'hbtn\\_chk%%'")
    assert (users, dbs) == ([], [])


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


class FakeRows:
    """Rows as lesson.hostile.Rows reads them, given in the test."""

    def __init__(self, states, cities=()):
        """Keep the rows sorted by id, as a plain SELECT then sort."""
        self.states = sorted(states)
        self.cities = sorted(cities)
        self.state_name = dict(states)


@pytest.mark.parametrize("script, states, args, got, cause", [
    ("9-model_state_filter_a.py", [(1, "Arizona"), (2, "IDAHO"),
                                   (3, "Bogot\u00e1")], (),
     "1: Arizona\n2: IDAHO\n3: Bogot\u00e1\n", "collation"),
    ("9-model_state_filter_a.py", [(1, "Arizona"), (2, "IDAHO"),
                                   (3, "Kansas")], (),
     "3: Kansas\n1: Arizona\n2: IDAHO\n", "collation"),
    ("10-model_state_my_get.py", [(1, "Texas "), (2, "Texas")], ("Texas",),
     "1\n", "trailing spaces"),
    ("10-model_state_my_get.py", [(1, "texas"), (2, "Texas")], ("Texas",),
     "1\n", "collation"),
    ("3-my_safe_filter_states.py", [(1, "100% Maine"),
                                    (2, "100 percent Maine")],
     ("100% Maine",), "(1, '100% Maine')\n(2, '100 percent Maine')\n",
     "wildcard"),
    ("7-model_state_fetch_all.py", [(1, "B"), (2, "A")], (),
     "2: A\n1: B\n", "order"),
    ("8-model_state_fetch_first.py", [(1, "B"), (2, "A")], (),
     "2: A\n", "order"),
    ("7-model_state_fetch_all.py", [(1, "B"), (2, "A")], (),
     "1: B\n2: A\nconnected\n", "stray"),
    ("7-model_state_fetch_all.py", [(1, "B"), (2, "A")], (),
     "1 B\n2 A\n", "format"),
    ("7-model_state_fetch_all.py", [(1, "Sonora \U0001f335")], (),
     "1: Sonora ?\n", "charset"),
    ("7-model_state_fetch_all.py", [(1, "B"), (2, "A")], (),
     "1: B\n", None),
])
def test_diagnosis_names_the_mistake_that_prints_the_output(
        script, states, args, got, cause):
    """The cause is the known mistake whose output is the one printed;
    none when no known mistake prints it."""
    from check import diagnose
    from lesson.hostile import expected
    rows = FakeRows(states)
    found = diagnose.on_rows(script, rows, args,
                             expected(script, rows, *args), got)
    assert (found[2] if found else None) == cause, found


def test_order_cause_reads_the_statement():
    """With the statement the server received, the order's cause is
    named: no ORDER BY, or ORDER BY something other than id."""
    from check import diagnose
    rows = FakeRows([(1, "B"), (2, "A")])
    script, want = "7-model_state_fetch_all.py", "1: B\n2: A\n"
    none = diagnose.on_rows(script, rows, (), want, "2: A\n1: B\n",
                            ["SELECT states.id FROM states"])
    other = diagnose.on_rows(script, rows, (), want, "2: A\n1: B\n",
                             ["SELECT states.id FROM states"
                              " ORDER BY states.name"])
    assert "has no ORDER BY" in none[0]
    assert "orders by states.name, not by id" in other[0]


def test_near_miss_names():
    """One letter added, removed, changed or two swapped: a near miss."""
    from check.run import edits
    assert edits("7-model_state_fetch_al.py", "7-model_state_fetch_all.py")
    assert edits("7-model_state_fecth_all.py",
                 "7-model_state_fetch_all.py")
    assert edits("Model_state.py", "model_state.py")
    assert not edits("hints.py", "model_state.py")
    assert not edits("model_state.py", "model_state.py")


def test_report_says_whose_rule_and_lists_a_note_once():
    """The human report puts a failure under whose rule it breaks, each
    note once with its files after the failures, and a near miss; the
    JSON report says the same."""
    from check.failure import Failure, Note
    from check.report import as_json, human
    from check.run import Verdicts
    both = ["0-select_states.py", "1-filter_states.py"]
    results = Verdicts(both)
    results[both[0]].append(Failure("queries", "its SELECT has no ORDER BY",
                                    do="Ask the server for the order.",
                                    command="./0-select_states.py"))
    note = Note("errors", "with an argument missing, it ends in a"
                " traceback", "Check len(sys.argv) first.")
    for name in both:
        results.notes[name].append(note)
    results.misnamed = [("7-model_state_fetch_al.py",
                         "7-model_state_fetch_all.py")]
    text = human(results, [])
    assert text.count("it ends in a traceback") == 1
    assert text.index("Not what the task asks:") < text.index(
        "Advice (neither the school's checker nor the task asks")
    assert ("not checked: 7-model_state_fetch_al.py: did you mean"
            " 7-model_state_fetch_all.py?") in " ".join(text.split())
    report = json.loads(as_json(results, []))
    assert report["ok"] is False
    assert report["steps"][both[0]]["failures"] == [{
        "check": "queries", "rule": "task",
        "why": "its SELECT has no ORDER BY",
        "advice": "Ask the server for the order.",
        "command": "./0-select_states.py"}]
    assert report["steps"][both[1]] == {"ok": True, "failures": []}
    assert [n["files"] for n in report["notes"]] == [both]
