"""Hints that fit the tool that printed them; --help on every tool.

Every bin/ tool answers --help with its usage on stdout and exit 0, before
any setup.  bin/show-sql on a file that is not there says so in one line.
A step that finds nothing where the project's own server listens, while
that server's data is there and the server stopped, names bin/start;
elsewhere it keeps the general hint.  bin/web on a database without the
web application's tables names the part's reset step, not step 6.
Every shell file parses whole: bash reads a script as it runs it, so an
error after --help's exit, or after a long run, shows only at its end.
"""
import os
import re
import shutil
import subprocess

import pytest

from conftest import HOST, PORT, ROOT

TOOLS = sorted(p.name for p in (ROOT / "bin").iterdir()
               if p.is_file() and os.access(p, os.X_OK))
AS_ROOT = [] if os.geteuid() == 0 else ["--map-root-user"]


@pytest.mark.parametrize("tool", TOOLS)
def test_help_prints_the_usage_and_exits_0(tool):
    """bin/TOOL --help: the usage on stdout, nothing on stderr, exit 0."""
    proc = subprocess.run([str(ROOT / "bin" / tool), "--help"], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=60)
    assert (proc.returncode, proc.stderr) == (0, ""), proc.stderr
    assert proc.stdout.lower().startswith("usage: bin/" + tool), proc.stdout


def test_the_tools_are_all_here():
    """The tools this file knows, so a new one gets its --help checked."""
    assert {"check", "matrix", "reset", "show-sql", "start", "stop", "test",
            "tour", "web"} <= set(TOOLS)


# A shell script's first line.
SHELL = re.compile(rb"#!(/usr/bin/env |/bin/)(ba)?sh\b")


def shell_files():
    """Every shell file git tracks: a sh/bash shebang, or a name in .sh."""
    names = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT,
                           stdout=subprocess.PIPE, check=True
                           ).stdout.decode().split("\0")
    return sorted(name for name in filter(None, names)
                  if name.endswith(".sh") or SHELL.match(
                      (ROOT / name).read_bytes()[:40]))


def test_the_shell_files_are_found():
    """The list the parse test walks holds the tools and the sourced kits."""
    assert {".ci/run", "bin/matrix", "bin/test", "bin/lib.sh",
            "harness/cluster/wsrep_sst_local"} <= set(shell_files())


@pytest.mark.parametrize("name", shell_files())
def test_every_shell_file_parses_whole(name):
    """bash -n reads the whole file: CI once ran bin/matrix for eight
    minutes to die on a quote in its last printf."""
    proc = subprocess.run(["bash", "-n", name], cwd=ROOT,
                          stderr=subprocess.PIPE, universal_newlines=True)
    assert (proc.returncode, proc.stderr) == (0, "")


def test_the_parse_check_sees_a_late_quote(tmp_path):
    """The check fails on a script whose error comes after its exit."""
    script = tmp_path / "late"
    script.write_text("echo ok\nexit 0\nprintf 'the parts' tests)'\n")
    assert subprocess.run(["bash", str(script)],
                          stdout=subprocess.DEVNULL).returncode == 0
    assert subprocess.run(["bash", "-n", str(script)],
                          stderr=subprocess.DEVNULL).returncode == 2


def test_show_sql_on_a_missing_file_is_one_line():
    """No traceback: one line naming the file, exit 1."""
    proc = subprocess.run([str(ROOT / "bin" / "show-sql"), "./nonexist.py",
                           "root", "root", "hbtn_0e_6_usa"], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=60)
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == ("bin/show-sql: ./nonexist.py: no such file (the"
                           " step to run comes first, then its arguments)\n")


def nothing_listens(folder):
    """Step 0 from ``folder`` where no server listens on 127.0.0.1:3306
    (a network namespace of its own): its stderr."""
    proc = subprocess.run(
        ["unshare", *AS_ROOT, "--net", "bash", "-c",
         "ip link set lo up; MYSQL_HOST=127.0.0.1 MYSQL_TCP_PORT=3306"
         " ./0-select_states.py root root hbtn_0e_0_usa"],
        cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        universal_newlines=True, timeout=60)
    assert (proc.returncode, proc.stdout) == (1, ""), proc.stderr
    assert proc.stderr.count("\n") == 1, proc.stderr
    return proc.stderr


def test_a_stopped_project_server_hints_bin_start(tmp_path):
    """With .local/mariadb there and its server stopped: bin/start."""
    for name in ("0-select_states.py", "hints.py"):
        shutil.copy2(ROOT / name, tmp_path / name)
    (tmp_path / ".local" / "mariadb" / "data").mkdir(parents=True)
    line = nothing_listens(tmp_path)
    assert line.startswith("Error 200"), line
    assert "the project's server (.local/mariadb) is stopped: start it" \
        " with bin/start" in line, line
    assert "sudo service" not in line
    shutil.rmtree(tmp_path / ".local")
    line = nothing_listens(tmp_path)
    assert "bin/start" not in line and "MYSQL_TCP_PORT" in line, line


def web_refuses(database):
    """bin/web on ``database`` (a URL of the test login): it must end at
    once, exit 1, stdout empty, one line on stderr; that line."""
    url = "mysql+mysqldb://{}:{}@{}:{}/{}".format(
        os.environ.get("MYSQL_USER", "root"),
        os.environ.get("MYSQL_PWD", "root"), HOST, PORT, database)
    proc = subprocess.run(
        [str(ROOT / "bin" / "web"), url], cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        universal_newlines=True, timeout=60)
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr.count("\n") == 1, proc.stderr
    return proc.stderr


@pytest.mark.parts
def test_bin_web_on_a_missing_database_says_one_line():
    """bin/web with a URL whose database does not exist: the database
    answers before the address is printed, so one line and no server
    left listening; the password is not in it."""
    line = web_refuses("hbtn_web_never_made")
    assert line.startswith("Error 1049: "), line
    assert ":{}@".format(os.environ.get("MYSQL_PWD", "root")) not in line


@pytest.mark.parts
def test_bin_web_refuses_the_tasks_databases():
    """bin/web on a task database: one line, nothing served."""
    line = web_refuses("hbtn_0e_0_usa")
    assert "hbtn_0e_0_usa is one of the task's databases" in line, line
