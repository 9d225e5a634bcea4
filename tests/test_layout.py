"""The layout: a part is one folder, and nothing outside it names its files.

A part (parts/N-subject/) holds its page, its steps, its kit, its SQL, its
needs, its pins and its tests; the rest of the project finds parts by
globbing parts/*/, so adding a part touches that folder only.
"""
import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

PARTS = sorted((p for p in (ROOT / "parts").iterdir() if p.is_dir()),
               key=lambda p: int(p.name.split("-")[0]))
# A path into one part's folder: parts/6-databases/kit.py, and the like.
INTO_A_PART = re.compile(r"parts/\d+-[\w-]+/(?!README\.md)[\w.*]")
# What a part's folder held when it lived elsewhere.
OLD_HOMES = re.compile(r"docs/\d+-[\w-]+\.md|tests/test_part\d|"
                       r"sql/hbtn_4_tx|parts/requirements\.txt")


def tracked_outside_parts():
    """Every text file git tracks outside parts/: {path: text}."""
    names = subprocess.run(
        ["git", "ls-files", "-z", "--", ".", ":!parts/"], cwd=ROOT,
        stdout=subprocess.PIPE, check=True).stdout.decode().split("\0")
    found = {}
    for name in filter(None, names):
        data = (ROOT / name).read_bytes()
        if b"\0" not in data:
            found[name] = data.decode("utf-8")
    return found


def naming(pattern, files):
    """The lines of ``files`` that match ``pattern``: (path, line)."""
    return [(name, line) for name, text in files.items()
            for line in text.split("\n") if pattern.search(line)]


def test_nothing_outside_a_part_names_its_files():
    """Only a part's own folder names its files (its page excepted).

    The README's path and the docs link to a part's page,
    parts/N-subject/README.md, and that is all: no tool, test or page
    outside the folder names a step, a kit, a test or an SQL file in it.
    """
    files = tracked_outside_parts()
    del files["tests/test_layout.py"]  # its examples, below
    assert "README.md" in files and "bin/lib.sh" in files
    assert naming(INTO_A_PART, files) == []
    assert naming(OLD_HOMES, files) == []


def test_nothing_names_the_parts_old_homes():
    """No file, in a part or outside, points where a part's files were."""
    names = subprocess.run(
        ["git", "ls-files", "-z", "--", "parts/"], cwd=ROOT,
        stdout=subprocess.PIPE, check=True).stdout.decode().split("\0")
    files = {name: (ROOT / name).read_text("utf-8") for name in names
             if name and b"\0" not in (ROOT / name).read_bytes()}
    assert len(files) > 50
    assert naming(OLD_HOMES, files) == []


def test_the_rule_sees_a_named_file():
    """The patterns catch a step, a kit and the parts' old homes."""
    files = {"a": "see parts/6-databases/1-filter_a.py\nparts/4-tx/kit.py",
             "b": "[page](parts/6-databases/README.md) parts/6-databases/",
             "c": "docs/6-databases.md tests/test_part6_databases.py"}
    assert naming(INTO_A_PART, files) == [
        ("a", "see parts/6-databases/1-filter_a.py"),
        ("a", "parts/4-tx/kit.py")]
    assert naming(OLD_HOMES, files) == [
        ("c", "docs/6-databases.md tests/test_part6_databases.py")]


def test_every_part_has_its_pins_and_they_agree():
    """Each part pins what it needs; a release is pinned alike everywhere.

    They all go into one virtualenv (.local/venv), so two parts pinning
    one package differently would leave one of them on another release.
    """
    pins = {}
    for part in PARTS:
        lines = (part / "requirements.txt").read_text("utf-8").split("\n")
        for line in lines:
            if line and not line.startswith("#"):
                name, version = line.split("==")
                pins.setdefault(name.lower(), set()).add(version)
    assert "sqlalchemy" in pins
    assert {name: v for name, v in pins.items() if len(v) > 1} == {}


# --- Each part's folder ---------------------------------------------------

# Beside the numbered steps, a part may hold these, and only these.
SHARED = {"README.md", "requirements.txt", "needs", "kit.py"}
# A module the steps share whose content is the lesson, never plumbing:
# a part's models, or Part 8's decoders, read top to bottom.
LESSON = {"models.py", "wire.py"}
# What a tool needs in the folder: Alembic's environment (Part 7), and
# Part 9's migrations, Flask's templates and static files, and its picture.
TOOLS = {"alembic.ini", "env.py", "script.py.mako", "versions", "broken",
         "migrations", "templates", "static", "page.png"}


def steps(part):
    """The part's numbered steps, in order: 0-x.py, 1-y.py, ..."""
    return sorted((p.name for p in part.glob("[0-9]*-*.py")),
                  key=lambda name: int(name.split("-")[0]))


def lines(path):
    """How many lines a file has (0 if it does not exist)."""
    return path.read_text("utf-8").count("\n") if path.exists() else 0


def test_the_parts_are_found():
    """Parts 4 to 9 at least, each a folder named N-subject."""
    numbers = [int(p.name.split("-")[0]) for p in PARTS]
    assert numbers[:6] == [4, 5, 6, 7, 8, 9]
    assert all(re.fullmatch(r"\d+-[a-z0-9-]+", p.name) for p in PARTS)


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.name)
def test_a_part_is_a_folder_a_student_reads(part):
    """Its page with Previous/Next, steps 0..n, one kit at most, its tests.

    Nothing else sits beside the steps but its SQL, its needs, its pins
    and what a tool needs there (Alembic's environment, Part 9's Flask
    folders).
    """
    page = (part / "README.md").read_text("utf-8")
    assert page.startswith("# Part {}: ".format(part.name.split("-")[0]))
    assert re.search(r"\[Previous[^\]]*\]\([^)]+\)", page)
    assert re.search(r"\[Next[^\]]*\]\([^)]+\)", page)
    names = steps(part)
    assert [int(n.split("-")[0]) for n in names] == list(range(len(names)))
    assert len(names) >= 2
    tests = "test_part{}.py".format(part.name.replace("-", "_", 1)
                                    .replace("-", "_"))
    assert (part / tests).is_file(), tests
    assert (part / "requirements.txt").is_file()
    others = {p.name for p in part.iterdir()
              if p.name not in names and p.name != tests
              and p.name != "__pycache__"}
    others -= {p.name for p in part.glob("*.sql")}
    assert others <= SHARED | LESSON | TOOLS, others - SHARED - LESSON - TOOLS
    assert len(others & LESSON) <= 1


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.name)
def test_a_kit_is_shorter_than_its_steps(part):
    """The kit holds plumbing only: fewer lines than the steps it serves."""
    kit = lines(part / "kit.py")
    total = sum(lines(part / name) for name in steps(part))
    assert kit < total, (kit, total)


def test_the_kit_measure_can_fail(tmp_path):
    """A kit longer than the steps is caught by the same count."""
    (tmp_path / "0-a.py").write_text("x = 1\n")
    (tmp_path / "kit.py").write_text("y = 1\nz = 2\n")
    assert lines(tmp_path / "kit.py") > sum(
        lines(tmp_path / n) for n in steps(tmp_path))


# An edit of the import path: sys.path.insert(...), sys.path[0:0] = ...,
# sys.path += ..., sys.path = ...; a sentence that names it is not one.
EDITS_PATH = re.compile(r"\bsys\.path\s*(\.\s*(insert|append|extend)\b|\["
                        r"|\+=|=[^=])")


def python_files_that_must_not_edit_the_path():
    """Every Python file of the project, and bin/'s Python tools."""
    found = [p for p in ROOT.rglob("*.py")
             if not {".local", ".git", "__pycache__"} & set(
                 p.relative_to(ROOT).parts)]
    found += [p for p in (ROOT / "bin").iterdir()
              if p.read_bytes().startswith(b"#!/usr/bin/python3")]
    return sorted(found)


def test_no_file_edits_sys_path():
    """Imports work without editing sys.path: the .pth, pytest.ini.

    The virtualenv's .pth (bin/lib.sh) and pytest.ini's pythonpath put
    the project's root on the path; Python puts a step's own folder
    there; a subprocess gets PYTHONPATH.
    """
    files = python_files_that_must_not_edit_the_path()
    assert len(files) > 100 and ROOT / "bin" / "show-sql" in files
    edits = [(str(p.relative_to(ROOT)), line.strip()) for p in files
             for line in p.read_text("utf-8").split("\n")
             if EDITS_PATH.search(line) and p != Path(__file__)]
    assert edits == []


def test_the_sys_path_rule_sees_an_edit():
    """The pattern matches each way of editing the path, not a mention."""
    edits = ["sys.path.insert(0, root)", "sys.path.append('x')",
             "sys.path[:0] = ['x']", "sys.path += ['x']",
             "sys.path = ['x']"]
    assert all(EDITS_PATH.search(e) for e in edits)
    assert not EDITS_PATH.search("# its folder first on sys.path, so")
    assert not EDITS_PATH.search("if sys.path == before:")


# A path to the parts' virtualenv spelt out in Python: the matrix's parts
# leg (HBTN_VENV) would not run that code in its own virtualenv.
NAMES_THE_VENV = re.compile(r'''["']\.local["'] / ["']venv["']|'''
                            r'''["']\.local/venv/bin/python''')


def test_the_parts_tests_find_the_virtualenv_through_conftest():
    """Each part's test runs Python in conftest.venv(), which follows
    HBTN_VENV, never in a .local/venv it names itself (Part 8's did, so
    bin/matrix alone, in a clean clone, found no python there)."""
    named = [(str(p.relative_to(ROOT)), line.strip())
             for part in PARTS for p in part.glob("test_*.py")
             for line in p.read_text("utf-8").split("\n")
             if NAMES_THE_VENV.search(line)]
    assert named == []
    assert NAMES_THE_VENV.search(
        'python = ROOT / ".local" / "venv" / "bin" / "python"')
