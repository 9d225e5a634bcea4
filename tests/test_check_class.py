"""bin/check --class and --gradescope on a small real class.

One class folder, made from the project's own files: ada (steps 0 and
1, right, one folder down: a repository cloned into her folder), bob
(the same, step 0 printing an HTML tag before each row, step 1 comparing
under MySQL's default collation), cy (no task file: a folder whose check
breaks) and eve (a link: not followed).  At once:
bin/check --class on it, bob alone with --json, and Gradescope's
run_autograder on a fake /autograder tree holding bob's files in a
subfolder.  The class JSON, CSV and HTML page must say what the single
run says; results.json must follow Gradescope's documented format; the
page, opened in headless Chromium, must show the matrix and sort it.
"""
import csv
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from check import github, gradescope
from conftest import ROOT
from lesson.steps import TASK_FILES

PART1 = ("hints.py", "0-select_states.py", "1-filter_states.py")
RUN = ROOT / "check" / "templates" / "gradescope" / "run_autograder"
VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}


def student(top, name, faults=()):
    """A student's folder of PART1, with ``faults`` (file, old, new)."""
    folder = top / name
    folder.mkdir(parents=True)
    for file in PART1:
        shutil.copy2(str(ROOT / file), str(folder / file))
    for file, old, new in faults:
        text = (folder / file).read_text("utf-8")
        assert old in text, old
        (folder / file).write_text(text.replace(old, new), "utf-8")
    return folder


BOB = [("0-select_states.py", "print(row)", 'print("<i>", row)'),
       ("1-filter_states.py", "CAST(name AS BINARY) LIKE", "name LIKE")]


def run(argv, **kwargs):
    """Start a process of the project, its output piped."""
    return subprocess.Popen(argv, cwd=str(ROOT), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, **kwargs)


def done(proc):
    """(exit status, stdout, stderr) of a process started by run."""
    out, err = proc.communicate(timeout=600)
    return proc.returncode, out.decode(), err.decode()


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    """The class, bob alone and Gradescope's run, all at once."""
    top = tmp_path_factory.mktemp("class")
    klass = top / "class"
    # ada's files sit one folder down, as in a repository cloned there.
    student(klass / "ada", "repository")
    bob = student(klass, "bob", BOB)
    (klass / "cy").mkdir()
    (klass / "cy" / "notes.txt").write_text("no task file here\n")
    (klass / "eve").symlink_to("ada")
    fake = top / "autograder"
    (fake / "source").mkdir(parents=True)
    (fake / "source" / "project").symlink_to(ROOT)
    student(fake / "submission", "repo", BOB)
    (fake / "results").mkdir()
    env = dict(os.environ, LANG="C.UTF-8")
    procs = {"class": run([str(ROOT / "bin" / "check"), "--class",
                           str(klass)]),
             "bob": run([sys.executable, "-m", "check", "--json",
                         str(bob)]),
             "gradescope": run([str(RUN)], env=dict(
                 env, HBTN_AUTOGRADER=str(fake)))}
    runs = {name: done(proc) for name, proc in procs.items()}
    yield {"runs": runs, "class": klass, "fake": fake, "top": top}


def test_class_run_names_its_three_files_and_exits_0(ran):
    """Exit 0; a progress line per folder; the full paths at the end."""
    status, out, err = ran["runs"]["class"]
    klass = ran["class"]
    assert status == 0, err
    assert out.splitlines() == [
        "3 folders checked: 1 hold, 1 fail, 1 not checked."] + [
        str(klass / n) for n in ("class-report.json", "class-report.csv",
                                 "class-report.html")]
    lines = err.splitlines()
    assert lines[0] == "bin/check: not checked: eve is a symbolic link"
    assert sorted(x.split("]")[0] for x in lines[1:]) == [
        "bin/check: [1/3", "bin/check: [2/3", "bin/check: [3/3"]


def class_json(ran):
    """The class report's JSON."""
    return json.loads((ran["class"] / "class-report.json").read_text())


def test_class_json_is_each_single_run(ran):
    """bob's entry is exactly bob's own --json run; cy's says why not."""
    status, out, err = ran["runs"]["bob"]
    assert status == 1, err
    single = json.loads(out)
    report = class_json(ran)
    assert report["files"] == list(TASK_FILES)
    assert sorted(report["students"]) == ["ada", "bob", "cy"]
    assert report["students"]["bob"] == {"ok": False, "error": None,
                                         "report": single}
    assert report["students"]["ada"]["ok"] is True
    assert report["students"]["cy"] == {
        "ok": False, "report": None, "error": "{} holds none of the"
        " task's files".format(ran["class"] / "cy")}
    assert report["skipped"] == [{"folder": "eve",
                                  "why": "is a symbolic link"}]
    checks = {n: [f["check"] for f in s["failures"]]
              for n, s in single["steps"].items()}
    assert checks == {"0-select_states.py": ["output"],
                      "1-filter_states.py": ["hostile"]}


def csv_rows(ran):
    """The CSV report, as {student: {column: cell}}."""
    text = (ran["class"] / "class-report.csv").read_text()
    return {r["student"]: r for r in csv.DictReader(io.StringIO(text))}


def test_csv_agrees_with_the_single_run(ran):
    """One row per student, one column per task file, same verdicts."""
    rows = csv_rows(ran)
    rest = {name: "missing" for name in TASK_FILES[2:]}
    assert rows["bob"] == dict(rest, **{
        "student": "bob", "files that hold": "0 of 2", "error": "",
        "0-select_states.py": "fails: output",
        "1-filter_states.py": "fails: hostile"})
    assert rows["ada"] == dict(rest, **{
        "student": "ada", "files that hold": "2 of 2", "error": "",
        "0-select_states.py": "holds", "1-filter_states.py": "holds"})
    assert set(rows["cy"][n] for n in TASK_FILES) == {"not checked"}
    assert rows["cy"]["error"].endswith("holds none of the task's files")


class Matrix(HTMLParser):
    """The matrix's cells (student, class, link) and the page's ids."""

    def __init__(self):
        """Nothing read yet."""
        super().__init__()
        self.cells, self.ids, self.row = [], set(), None

    def handle_starttag(self, tag, attrs):
        """Note each row, each cell's class and each link and id."""
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "tr":
            self.row = []
            self.cells.append(self.row)
        elif tag == "td" and self.row is not None:
            self.row.append([attrs.get("class"), None])
        elif tag == "a" and self.row:
            self.row[-1][1] = attrs["href"]


def chromium(*args):
    """Run headless Chromium; its stdout."""
    return subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
         "--user-data-dir=" + str(Path(args[-1][7:]).parent / "chrome")]
        + list(args), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        timeout=120, check=True).stdout.decode()


def test_html_matrix_agrees_links_and_escapes(ran):
    """The cells say what the CSV says; a failing cell links to its
    why; bob's printed tag is shown as text, never run."""
    page = (ran["class"] / "class-report.html").read_text()
    parser = Matrix()
    parser.feed(page)
    rows = [r for r in parser.cells if r]
    assert [r[0][1] for r in rows] == ["#s0", "#s1", "#s2"]
    state = {"holds": "holds", "missing": "missing",
             "not checked": "error"}
    for row, name in zip(rows, ("ada", "bob", "cy")):
        want = [state.get(csv_rows(ran)[name][n], "fails")
                for n in TASK_FILES]
        assert [c[0] for c in row[2:]] == want
        for cell, wanted in zip(row[2:], want):
            assert cell[1][1:] in parser.ids
    assert rows[1][2][1] == "#s1-0"
    assert "&lt;i&gt; (1, &#x27;California&#x27;)" in page
    assert "<i>" not in page and "http" not in page


def pixels(png):
    """The RGB pixels of an 8-bit RGB or RGBA PNG: a set of triples."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    at, data, head = 8, b"", None
    while at < len(png):
        size, kind = struct.unpack(">I4s", png[at:at + 8])
        body = png[at + 8:at + 8 + size]
        head = body if kind == b"IHDR" else head
        data += body if kind == b"IDAT" else b""
        at += 12 + size
    width, height, depth, color = struct.unpack(">IIBB", head[:10])
    assert depth == 8 and color in (2, 6)
    step = 3 if color == 2 else 4
    raw, line, prev, found = zlib.decompress(data), width * step, None, set()
    for y in range(height):
        kind, row = raw[y * (line + 1)], bytearray(
            raw[y * (line + 1) + 1:(y + 1) * (line + 1)])
        prev = prev or bytearray(line)
        for x in range(line):
            a = row[x - step] if x >= step else 0
            b, c = prev[x], prev[x - step] if x >= step else 0
            p = a + b - c
            near = min((abs(p - a), a), (abs(p - b), b), (abs(p - c), c),
                       key=lambda t: t[0])[1]
            row[x] = (row[x] + (0, a, b, (a + b) // 2, near)[kind]) & 255
        found.update(tuple(row[x:x + 3]) for x in range(0, line, step))
        prev = row
    return found


def test_chromium_shows_the_matrix_and_sorts_it(ran):
    """The screenshot holds a green and a red cell; clicking "hold"
    sorts the rows by the files that hold."""
    page = ran["class"] / "class-report.html"
    shot = ran["top"] / "shot.png"
    chromium("--screenshot=" + str(shot), "--window-size=1000,400",
             "file://" + str(page))
    seen = pixels(shot.read_bytes())
    assert (0xc8, 0xf0, 0xc8) in seen and (0xf6, 0xb8, 0xb8) in seen
    clicked = ran["top"] / "clicked.html"
    clicked.write_text(page.read_text().replace(
        "</body>", "<script>document.querySelectorAll('th')[1].click()"
        "</script></body>"))
    dom = chromium("--dump-dom", "file://" + str(clicked))
    order = [dom.index('href="#s{}">'.format(n)) for n in (2, 1, 0)]
    assert order == sorted(order)


def number(value):
    """Whether a JSON value is a number (true and false are not)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def valid_results(data):
    """Gradescope's documented results.json: the fields and types."""
    top = {"score", "execution_time", "output", "visibility",
           "stdout_visibility", "extra_data", "tests", "leaderboard",
           "output_format", "test_output_format", "test_name_format"}
    assert set(data) <= top and number(data["score"])
    assert data.get("visibility", "visible") in VISIBILITY
    assert isinstance(data["output"], str)
    for test in data["tests"]:
        assert set(test) <= {"score", "max_score", "status", "name",
                             "name_format", "number", "output",
                             "output_format", "tags", "visibility",
                             "extra_data"}
        assert number(test["score"]) and number(test["max_score"])
        assert test["status"] in ("passed", "failed")
        assert isinstance(test["name"], str)
        assert isinstance(test["number"], str)
        assert isinstance(test["output"], str)
        assert test["visibility"] in VISIBILITY
        assert 0 <= test["score"] <= test["max_score"]


def test_gradescope_results_validate_and_agree(ran):
    """run_autograder on a fake /autograder: one test per task file, the
    weights of docs/check.md, the why and advice of the class report."""
    status, out, err = ran["runs"]["gradescope"]
    path = ran["fake"] / "results" / "results.json"
    assert (status, out) == (0, str(path) + "\n"), err
    data = json.loads(path.read_text())
    valid_results(data)
    tests = {t["name"]: t for t in data["tests"]}
    assert list(tests) == list(TASK_FILES)
    assert data["score"] == 0.5
    assert (tests["0-select_states.py"]["score"],
            tests["1-filter_states.py"]["score"]) == (0.0, 0.5)
    bob = class_json(ran)["students"]["bob"]["report"]["steps"]
    for name, step in bob.items():
        assert tests[name]["output"] == gradescope.text(step)
        for failure in step["failures"]:
            assert failure["why"] in tests[name]["output"]
            assert failure["advice"] in tests[name]["output"]
    assert tests["6-model_state.py"]["output"].startswith("Missing")


def test_run_autograder_says_why_when_the_checker_cannot_run(tmp_path):
    """No submission: bin/check refuses (exit 2), and the script still
    writes a results.json that says so, with score 0."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "project").symlink_to(ROOT)
    proc = subprocess.run([str(RUN)], env=dict(
        os.environ, HBTN_AUTOGRADER=str(tmp_path)),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    assert proc.returncode == 0
    assert proc.stderr.decode().count("\n") == 1
    data = json.loads((tmp_path / "results" / "results.json").read_text())
    valid_results(data)
    assert data["score"] == 0 and "exit status 2" in data["output"]


def test_bundle_holds_the_scripts_and_the_project(tmp_path):
    """autograder.zip: setup.sh and run_autograder at its root, runnable;
    the project under project/, bin/check runnable."""
    with zipfile.ZipFile(str(gradescope.bundle(tmp_path))) as archive:
        modes = {i.filename: i.external_attr >> 16 & 0o777
                 for i in archive.infolist()}
    assert modes["setup.sh"] == modes["run_autograder"] == 0o755
    assert modes["project/bin/check"] & 0o111
    assert "project/check/gradescope.py" in modes
    assert not [n for n in modes if ".local" in n or "__pycache__" in n]


def test_classroom_workflow_is_generated_and_reports_every_file(ran):
    """The committed template is what check.github makes; every task
    file has a step the reporter adds up; check.verdict says why."""
    text = (ROOT / "check" / "templates" / "classroom.yml").read_text()
    assert text == github.workflow()
    ids = [github.step_id(n) for n in TASK_FILES]
    assert "runners: " + ",".join(ids) + "\n" in text
    assert len(set(ids)) == len(TASK_FILES)
    for name, ident in zip(TASK_FILES, ids):
        assert "id: {}\n".format(ident) in text
        assert "check.json {}\n".format(name) in text
    report = ran["top"] / "bob.json"
    report.write_text(ran["runs"]["bob"][1])
    verdict = [sys.executable, "-m", "check.verdict", str(report)]
    for name, status in (("0-select_states.py", 1), ("2-my_filter_states.py",
                                                     1)):
        proc = subprocess.run(verdict + [name], cwd=str(ROOT),
                              stdout=subprocess.PIPE, timeout=60)
        assert proc.returncode == status
    out = subprocess.run(verdict + ["1-filter_states.py"], cwd=str(ROOT),
                         stdout=subprocess.PIPE).stdout.decode()
    assert "what to do: Compare the names byte for byte" in out


def test_bad_input_is_one_line_and_help_is_0(tmp_path):
    """Usage errors: one line on stderr, exit 2; --help: exit 0."""
    check = str(ROOT / "bin" / "check")
    for args in (["--class"], ["--gradescope"], ["--class", "/no/such"],
                 ["--class", str(tmp_path)], ["--class", "a", "b"]):
        proc = subprocess.run([check] + args, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=120)
        assert (proc.returncode, proc.stdout) == (2, b""), args
        assert proc.stderr.decode().count("\n") == 1, (args, proc.stderr)
    proc = subprocess.run([check, "--help"], stdout=subprocess.PIPE,
                          timeout=30)
    assert proc.returncode == 0
    assert b"--class DIR" in proc.stdout
