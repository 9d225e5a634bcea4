"""The layout: a part is one folder, and nothing outside it names its files.

A part (parts/N-subject/) holds its page, its steps, its kit, its SQL, its
needs, its pins and its tests; the rest of the project finds parts by
globbing parts/*/, so adding a part touches that folder only.
"""
import re
import subprocess

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
    assert "README.md" in files and "bin/lib.sh" in files
    assert naming(INTO_A_PART, files) == []
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
