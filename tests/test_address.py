"""Where the server is: read and checked in one place, hints.py.

MYSQL_HOST and MYSQL_TCP_PORT are read by hints.host() and hints.port(),
which refuse a value that cannot be one; every step of every part, the
shared test helpers (harness/server.py) and every bin/ tool use them, so a
wrong value ends each with the same one line on stderr, exit status 1
(bin/check: 2, its status for a setup error), and nothing done.
"""
import ast
import os
import subprocess

import pytest

import hints
from conftest import ROOT, venv

PARTS = sorted((p for p in (ROOT / "parts").iterdir() if p.is_dir()),
               key=lambda p: int(p.name.split("-")[0]))
# Values that cannot be where a server is: (variable, value).
WRONG = [("MYSQL_TCP_PORT", "abc"), ("MYSQL_TCP_PORT", "99999"),
         ("MYSQL_TCP_PORT", "-1"), ("MYSQL_HOST", "localhost:3306")]


def line(variable, value):
    """The one line hints gives for this wrong value."""
    saved = os.environ.get(variable)
    os.environ[variable] = value
    try:
        hints.host(), hints.port()
    except ValueError as error:
        return hints.explain(error) + "\n"
    finally:
        if saved is None:
            del os.environ[variable]
        else:
            os.environ[variable] = saved
    raise AssertionError("hints accepted {}={}".format(variable, value))


def first_step(part):
    """The part's step 0, and arguments that would otherwise run it."""
    step = next(part.glob("0-*.py"))
    doc = ast.get_docstring(ast.parse(step.read_text("utf-8")))
    usage = doc.split("Usage: ", 1)[1].split()[1:]
    # A URL step's optional words ([CITIES]) are left out.
    if not usage:  # DATABASE_URL, from the environment
        args = []
    elif usage[0] == "URL":
        args = ["sqlite:///" + str(ROOT / ".local" / "hbtn_address.db")]
    else:
        args = ["root", "root", "hbtn_address_never_made"]
        args += ["N%"] * (len(usage) - len(args))
    return "./" + str(step.relative_to(ROOT)), args


def run(argv, variable, value):
    """Run a command from the root with one wrong value; the process."""
    env = dict(os.environ, LANG="C.UTF-8", **{variable: value})
    env["PATH"] = str(venv() / "bin") + os.pathsep + env["PATH"]
    return subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True,
                          timeout=120)


def test_hints_refuses_each_wrong_value():
    """Each value is refused, with a line that names the variable."""
    for variable, value in WRONG:
        assert line(variable, value).startswith("Error: " + variable)
        assert "\n" not in line(variable, value)[:-1]


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.name)
@pytest.mark.parametrize("variable,value", WRONG)
def test_the_first_step_of_every_part_says_one_line(part, variable, value):
    """./parts/N-x/0-y.py with a wrong value: one line, exit 1."""
    script, args = first_step(part)
    proc = run([script] + args, variable, value)
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        1, "", line(variable, value))


# Each tool with arguments it would otherwise accept; nothing runs, so
# nothing is set up, stopped or changed.
TOOLS = {
    "tour": ["bin/tour", "1"],
    "test": ["bin/test", "-k", "nothing"],
    "check": ["bin/check", "."],
    "stop": ["bin/stop"],
    "start": ["bin/start"],
    # Without --yes and without a terminal it would refuse anyway: a wrong
    # address must be refused first, with hints' line.
    "reset": ["bin/reset"],
    "matrix": ["bin/matrix", "latest"],
    "show-sql": ["bin/show-sql", "./0-select_states.py", "root", "root",
                 "hbtn_0e_0_usa"],
    "web": ["bin/web"],
}
# The tools that need Parts 4-12 set up.
PARTS_TOOLS = {"web"}


def test_every_tool_is_tested():
    """Each program in bin/ (not the sourced lib.sh, postgres.sh)."""
    tools = {p.name for p in (ROOT / "bin").iterdir()
             if not p.name.endswith(".sh")}
    assert tools == set(TOOLS)


@pytest.mark.parametrize("tool", [
    pytest.param(tool, marks=[pytest.mark.parts] if tool in PARTS_TOOLS
                 else []) for tool in sorted(TOOLS)])
@pytest.mark.parametrize("variable,value", WRONG)
def test_every_tool_says_one_line(tool, variable, value):
    """bin/TOOL with a wrong value: one line, exit 1 (bin/check: 2)."""
    proc = run(TOOLS[tool], variable, value)
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        2 if tool == "check" else 1, "", line(variable, value))
