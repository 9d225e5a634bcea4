"""The docs are tested: every command they show runs, and prints the page.

bin/tour runs the README's path (Parts 1-3) and every part's page; here
it runs once per part (the parts that leave the task databases alone on
another worker), and what it prints must be exactly the pages'
transcripts.  The other pages' transcripts (troubleshooting, setup, ...)
run here too, each page in one shell session after the task databases
are reloaded.  The
README's path must also be exactly the contract's path (lesson/path.py),
so the README, the tour and the tests cannot drift apart.

This is the one test file that uses the task databases by their own names
(hbtn_0e_0_usa, ...), as the docs do; it runs on one worker (bin/test
keeps a file on one worker), and no other test file touches them.
"""
import re
import subprocess

import pytest

from conftest import ROOT, SHARED_TOURS, mysql_cli, rendering, toured
from harness import tour
from lesson.path import PATH, Load
from harness.server import task_sql
from harness.transcript import check, commands

DOCS = sorted([ROOT / "README.md", ROOT / "bench" / "README.md"]
              + list((ROOT / "docs").glob("*.md"))
              + list((ROOT / "parts").glob("*/README.md")))
TOUR_PAGES = {page for _, page, _ in tour.parts().values()}
# docs/check.md's transcripts run in tests/test_check.py, beside the other
# checks and at the same time (test_the_docs_page_runs): a bin/check run
# of the task's files is too dear to make twice.
RUN_ELSEWHERE = {ROOT / "docs" / "check.md"}
OTHER_PAGES = [p for p in DOCS
               if p not in TOUR_PAGES and p not in RUN_ELSEWHERE]


def shown(run):
    """The command line the README shows for a run of the path."""
    if isinstance(run, Load):
        return "mysql -uroot -proot < sql/" + run.file
    words = ["./" + run.script, "root", "root", run.database]
    for arg in run.args:
        words.append('"{}"'.format(arg) if re.search(r"[\s'\"]", arg)
                     else arg)
    return " ".join(words)


def test_the_readme_path_is_the_contract_path():
    """The README's path shows lesson.path.PATH: each command, in order."""
    readme = commands(ROOT / "README.md", tour.PATH_HEADING)
    assert [(c.text, c.output, c.status) for c in readme] == [
        (shown(run), getattr(run, "output", ""), 0) for run in PATH]


def reload_task_databases():
    """Put every task database back as its file in sql/ makes it."""
    for f in sorted((ROOT / "sql").glob("hbtn_*_usa.sql")):
        mysql_cli(task_sql(f.stem))


# The parts whose pages name no task database (but in a command refused by
# the name alone): their tours run on another worker while this file's
# other tests reload the task databases.
ELSEWHERE = {7, 9}
# The parts whose tour runs in the part's own test instead, which runs
# every step command of the page and the page's other commands in one
# shell, as bin/tour does: a second tour here would run every step again.
# Part 11's steps work on 2000000 rows made from nothing (its test runs
# them on both servers at once, with the raw plans it checks); Parts 6
# and 10's run the whole page (harness/recorded.py: the steps of each
# database in a session of their own, at once), with a recorder of what
# each step sent (harness/record).  Their tests run on other
# workers too, while this file reloads the task databases.
TOURED_ELSEWHERE = {6, 10, 11}


def test_a_second_tour_of_part_1_is_quick():
    """With everything set up, bin/tour 1 takes seconds, not minutes, and
    prints exactly Part 1's transcripts."""
    proc, real = toured(1)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == rendering([1])
    assert real < 15, proc.stderr


def part_param(number):
    """Part ``number`` as a parameter; ELSEWHERE's in a group of its own,
    SHARED_TOURS' in its tests' group (conftest.py)."""
    marks = ([pytest.mark.xdist_group("tour-{}".format(number))]
             if number in ELSEWHERE else
             [pytest.mark.xdist_group(SHARED_TOURS[number])]
             if number in SHARED_TOURS else [])
    return pytest.param(number, marks=marks, id="part{}".format(number))


@pytest.mark.parametrize("part", [part_param(n) for n in tour.available()
                                  if n != 1 and n not in TOURED_ELSEWHERE])
def test_the_tour_of_each_part_prints_exactly_its_docs(part):
    """bin/tour N prints Part N's transcripts exactly, and exits 0."""
    proc, _ = toured(part)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout == rendering([part])
    assert "Traceback" not in proc.stderr
    if part in ELSEWHERE or part in SHARED_TOURS:
        assert proc.stderr.startswith(
            "==> bin/tour changes no task database"), proc.stderr[:300]


def test_the_whole_tour_is_every_part():
    """bin/tour with no part runs them all, in order; each part prints on
    its own, in a shell of its own (above), so the whole tour prints them
    one after the other and ends with the one verdict."""
    listed = subprocess.run(
        ["/usr/bin/python3", "-m", "harness.tour", "--list"], cwd=ROOT,
        stdout=subprocess.PIPE, universal_newlines=True, check=True)
    assert listed.stdout.split() == [str(n) for n in tour.available()]


def test_the_parts_elsewhere_leave_the_task_databases_alone():
    """ELSEWHERE's pages and Parts 6 and 10's, run beside this file's
    reloads, name a task database only to be refused by name (the tours
    say they change none: above; tests/test_keep.py shows it).  Part 11's
    page reads hbtn_0e_0_usa to show a step refusing a database without
    its table."""
    for number in sorted(ELSEWHERE | {6, 10}):
        _, page, heading = tour.parts()[number]
        for cmd in commands(page, heading):
            if "hbtn_0e_" in cmd.text:
                assert cmd.status == 1, cmd.text
                assert "is one of the task's databases" in cmd.output


def test_the_tour_covers_parts_1_to_3_and_every_part_page():
    """Parts 1-3 come from the README, and each docs/N-*.md is a part."""
    parts = tour.parts()
    assert [n for n in parts if n <= 3] == [1, 2, 3]
    assert all(parts[n][1].name == "README.md" for n in (1, 2, 3))
    assert [parts[n][1] for n in parts if n > 3] == tour.part_pages()


def test_the_tour_swaps_the_virtualenv_line_only(monkeypatch):
    """With HBTN_VENV (bin/matrix's parts leg), the page's virtualenv line
    activates that one, quoted; no other command changes."""
    monkeypatch.setenv("HBTN_VENV", "/a b/venv")
    assert tour.in_venv(tour.ACTIVATE) == ". '/a b/venv'/bin/activate"
    assert tour.in_venv(tour.ACTIVATE + " && ls") == tour.ACTIVATE + " && ls"
    monkeypatch.delenv("HBTN_VENV")
    assert tour.in_venv(tour.ACTIVATE) == tour.ACTIVATE


def test_the_tour_unshows_only_the_legs_pattern(monkeypatch):
    """The parts leg's HBTN_TOUR_UNSHOWN reads SQLAlchemy 2.0's column
    labels of a loader query as 2.1 prints it, and nothing else: no other
    AS, not even Part 6's states.id AS id__1."""
    line = [row for row in (ROOT / "harness" / "legs.txt").read_text(
        "utf-8").split("\n") if row.startswith("parts-2.0 ")][0]
    variable = line.split(" | ")[5]
    assert variable.startswith("HBTN_TOUR_UNSHOWN=")
    monkeypatch.setenv("HBTN_TOUR_UNSHOWN", variable.split("=", 1)[1])
    printed = ("SELECT cities.id AS cities_id, cities.name AS cities_name\n"
               "FROM cities AS c, states AS s\nWHERE name = 'AS is'\n"
               "RETURNING states.id, states.id AS id__1, c.id AS c_id_1;\n")
    assert tour.unshown(printed) == (
        "SELECT cities.id, cities.name\n"
        "FROM cities AS c, states AS s\nWHERE name = 'AS is'\n"
        "RETURNING states.id, states.id AS id__1, c.id AS c_id_1;\n")
    monkeypatch.delenv("HBTN_TOUR_UNSHOWN")
    assert tour.unshown(printed) == printed


def test_the_tour_refuses_an_unknown_part():
    """bin/tour 99 says which parts exist, in one line, and exits 1."""
    proc = subprocess.run([str(ROOT / "bin" / "tour"), "99"], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=60)
    assert (proc.returncode, proc.stdout) == (1, "")
    assert re.fullmatch(r"Usage: bin/tour \[N \.\.\.\]  \(the parts: "
                        r"1 2 3( \d+)*\)\n", proc.stderr), proc.stderr


@pytest.mark.parametrize("page", OTHER_PAGES,
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_every_other_page_prints_what_it_shows(page):
    """Each transcript of the page prints and exits as the page says."""
    reload_task_databases()
    wrong = check(page)
    assert [(c.where, c.text, out, status) for c, out, status in wrong] \
        == []


def test_the_pages_run_elsewhere_are_run_there():
    """Each page left out of OTHER_PAGES has its transcripts checked by
    the test file that says so."""
    test_check = (ROOT / "tests" / "test_check.py").read_text("utf-8")
    assert 'transcript.check(ROOT / "docs" / "check.md"' in test_check
    assert 'checked["docs"].get("wrong") == []' in test_check
    assert all(p.exists() for p in RUN_ELSEWHERE)
    for number in TOURED_ELSEWHERE:
        folder = tour.parts()[number][1].parent
        text = (folder / "test_part{}.py".format(folder.name.replace(
            "-", "_"))).read_text("utf-8")
        assert "def test_every_step_prints_the_page(" in text
        assert "def test_the_pages_other_commands(" in text


def test_the_transcript_check_can_fail(tmp_path):
    """A page whose output is wrong, or whose status is, is caught."""
    page = ROOT / "docs" / ".wrong-{}.md".format(tmp_path.name)
    page.write_text("```console\n$ echo one\ntwo\n$ true  # exit status 1"
                    "\n$ printf 'a\\nb\\n'\na\nb\n```\n", "utf-8")
    try:
        wrong = check(page)
    finally:
        page.unlink()
    assert [(c.text, out, status) for c, out, status in wrong] == [
        ("echo one", "one\n", 0), ("true  # exit status 1", "", 0)]


def stray_commands(text):
    """The `$ ` lines of ``text`` that are not in a console block."""
    stray, kind = [], None
    for number, line in enumerate(text.split("\n"), 1):
        bare = line.lstrip()
        if bare.startswith("```"):
            kind = bare[3:].strip() if kind is None else None
        elif bare.startswith("$ ") and kind != "console":
            stray.append((number, line))
    return stray


@pytest.mark.parametrize("page", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shown_command_is_in_a_transcript(page):
    """A `$ ` line outside a console block would be a command nobody ran."""
    assert stray_commands(page.read_text("utf-8")) == []


def test_stray_commands_are_found():
    """The check above sees a prompt in a plain block or in the text."""
    text = "```sh\n$ rm -rf x\n```\n$ ls\n```console\n$ true\n```\n"
    assert stray_commands(text) == [(2, "$ rm -rf x"), (4, "$ ls")]


@pytest.mark.parametrize("page", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_links_point_to_files_that_exist(page):
    """Every relative link of a page names a file of the project."""
    text = page.read_text("utf-8")
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" in target:
            continue
        assert (page.parent / target).exists(), (page, target)


@pytest.mark.parametrize("page", [p for p in DOCS if p.name != "README.md"
                                  or p.parent != ROOT],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_have_previous_and_next(page):
    """Every page but the README links its neighbours, like a book."""
    text = page.read_text("utf-8")
    assert re.search(r"\[Previous[^\]]*\]\([^)]+\)", text), page
    assert re.search(r"\[Next[^\]]*\]\([^)]+\)", text), page


def test_the_readme_reads_in_five_minutes():
    """The README stays under 300 lines; the rest lives in docs/."""
    lines = (ROOT / "README.md").read_text("utf-8").count("\n")
    assert lines < 300, lines


def test_nothing_points_outside_the_project():
    """No file names a contract outside the repository."""
    found = subprocess.run(
        ["git", "grep", "-n", "-I", "-e", "SPEC", "-e", r"\.\./shared",
         "--", ".", ":!tests/test_docs.py"], cwd=ROOT,
        stdout=subprocess.PIPE, universal_newlines=True)
    assert found.stdout == ""


def test_the_matrix_table_is_the_legs_file():
    """docs/compatibility.md shows exactly the legs bin/matrix runs."""
    from harness.legs import table
    text = (ROOT / "docs" / "compatibility.md").read_text("utf-8")
    assert "\n" + table() + "\n" in text
    proc = subprocess.run(
        ["bash", "-c", ". bin/lib.sh; LEGS_FILE=harness/legs.txt; eval \"$("
         "sed -n '/^leg_field()/,/^}/p' bin/matrix)\"; leg_field latest 5"],
        cwd=ROOT, stdout=subprocess.PIPE, universal_newlines=True)
    assert proc.stdout == "mysqlclient SQLAlchemy>=2.1,<2.2\n"
