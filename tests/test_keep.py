"""Nothing lost: your databases survive the project's tools, offline too.

A copy of the project plays a newcomer's machine, in network and mount
namespaces of its own (its own 3306 and /run/mysqld, no network at all,
so no package index) and without the parts' virtualenv.  There:

- on the bare copy (no .local/ at all, as CI's clean clone), making the
  virtualenv fails with the reason, not with a missing folder;
- bin/tour sets up and runs Parts 1-3, and ends with one line naming the
  parts it could not set up and why (exit status 3);
- the newcomer makes a database of their own and changes two task
  databases on that server (the project's, .local/mariadb);
- bin/test (one test of Part 1's tour, which reloads the task databases
  on its server, and one of Part 5) passes the first and fails the second
  with the reason, while the newcomer's server holds port 3306;
- bin/tour 9 (a part that uses no task database), bin/check's setup,
  bin/stop and bin/start follow;
- after each, every database of the newcomer's server is exactly as it
  was; bin/reset then refuses without a terminal, keeps everything when
  the answer is no, and deletes the data when the answer is yes.
"""
import os
import pty
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from conftest import ROOT
from harness import tour

ROOT_USER = os.geteuid() == 0
# Mapped to root in a user namespace of its own when not root.
AS_ROOT = [] if ROOT_USER else ["--map-root-user"]
SETUP = """
ip link set lo up
for dir in /run/mysqld /var/run/postgresql; do
    [ ! -d "$dir" ] || mount -t tmpfs -o mode=1777 tmpfs "$dir"
done
touch "$1"
exec sleep infinity
"""
MINE = ("CREATE DATABASE mine;"
        " CREATE TABLE mine.notes (id INT PRIMARY KEY, note TEXT);"
        " INSERT INTO mine.notes VALUES (1, 'my own work');"
        " UPDATE hbtn_0e_0_usa.states SET name = 'Mine' WHERE id = 1;"
        " INSERT INTO hbtn_0e_6_usa.states VALUES (9, 'From step 6');")
LOOK = ("SHOW DATABASES; SELECT * FROM mine.notes;"
        " SELECT * FROM hbtn_0e_0_usa.states ORDER BY id;"
        " SELECT * FROM hbtn_0e_6_usa.states ORDER BY id;")


class Machine:
    """A copy of the project in namespaces of its own, kept until close()."""

    def __init__(self, folder):
        self.folder = folder
        ready = folder / ".ready"
        self.holder = subprocess.Popen(
            ["unshare", *AS_ROOT, "--net", "--mount", "--propagation",
             "private", "bash", "-c", SETUP, "setup", str(ready)],
            cwd=str(folder), stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert self.holder.poll() is None, "no namespace"
            assert time.monotonic() < deadline, "no namespace in 30 s"
            time.sleep(0.05)

    def run(self, script, stdin=subprocess.DEVNULL, timeout=600):
        """Run a bash script in the copy, inside; (status, out, err)."""
        # Entering a mount namespace alone starts at its real /, outside
        # any chroot we run in (bin/test's own on a Debian whose / is no
        # mount point): take the holder's root and folder too.
        enter = ["nsenter", "-t", str(self.holder.pid), "-r", "-w"]
        if not ROOT_USER:
            enter += ["-U", "--preserve-credentials"]
        env = dict(os.environ, PIP_RETRIES="0", PIP_TIMEOUT="2")
        for name in ("HBTN_PRIVATE", "HBTN_VENV_FAILED", "MYSQL_USER",
                     "MYSQL_PWD", "PGHOST", "PGUSER", "PGPASSWORD"):
            env.pop(name, None)
        proc = subprocess.run(
            enter + ["-n", "-m", "bash", "-c", script],
            env=env, stdin=stdin, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, universal_newlines=True, timeout=timeout)
        return proc.returncode, proc.stdout, proc.stderr

    def look(self):
        """Every database of the copy's server, and the rows of ours."""
        status, out, err = self.run(
            ". bin/lib.sh; MYSQL_USER=root MYSQL_PWD=root sql -N -B -e '{}'"
            .format(LOOK))
        assert status == 0, err
        return out

    def close(self):
        """Stop the copy's servers, end the namespaces, remove the copy."""
        self.run("bin/stop")
        self.holder.kill()
        self.holder.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def copy_of_the_project(folder):
    """The project's files (as git lists them), no .local: a new machine."""
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others",
         "--exclude-standard"], cwd=ROOT, stdout=subprocess.PIPE,
        check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return folder


@pytest.fixture(scope="module")
def newcomer():
    """The story above, run once: {step: (status, stdout, stderr)}."""
    # In .local, not /tmp: PostgreSQL's account must reach every folder.
    (ROOT / ".local").mkdir(exist_ok=True)
    folder = copy_of_the_project(Path(tempfile.mkdtemp(
        prefix="keep-", dir=str(ROOT / ".local"))))
    folder.chmod(0o755)
    machine = Machine(folder)
    seen = {}
    try:
        seen["venv"] = machine.run(
            '. bin/lib.sh; try_venv; echo "$VENV_FAILED"')
        seen["tour"] = machine.run("bin/tour")
        seen["mine"] = machine.run(
            ". bin/lib.sh; MYSQL_USER=root MYSQL_PWD=root sql -e \"{}\""
            .format(MINE))
        seen["before"] = machine.look()
        seen["test"] = machine.run(
            "bin/test -n 0 -k 'second_tour_of_part_1 or four_layers_print'")
        seen["after test"] = machine.look()
        seen["tour 9"] = machine.run("bin/tour 9")
        seen["after tour 9"] = machine.look()
        seen["check"] = machine.run("mkdir -p .local/empty;"
                                    " bin/check .local/empty")
        seen["after check"] = machine.look()
        seen["stop"] = machine.run("bin/stop; ls .local")
        seen["start"] = machine.run("bin/start")
        seen["after stop"] = machine.look()
        seen["reset, no terminal"] = machine.run("bin/reset")
        seen["after reset, no terminal"] = machine.look()
        for answer in ("n", "y"):
            main, side = pty.openpty()
            os.write(main, answer.encode() + b"\n")
            seen["reset, " + answer] = machine.run("bin/reset", stdin=side)
            os.close(main)
            os.close(side)
            seen["after reset, " + answer] = machine.run("ls .local")
        yield seen
    finally:
        machine.close()


@pytest.mark.parts
def test_a_bare_clone_says_why_the_virtualenv_failed(newcomer):
    """No .local/ yet: the reason is the network, and it is kept."""
    status, out, err = newcomer["venv"]
    assert (status, out) == (0, "no network to the package index: pip could"
                             " not reach it to make .local/venv (the whole"
                             " log: .local/venv.log)\n"), err


@pytest.mark.parts
def test_the_offline_tour_runs_parts_1_to_3_and_names_the_rest(newcomer):
    """Exit 3, Parts 1-3 exactly as the docs, one last line saying why."""
    status, out, err = newcomer["tour"]
    assert status == 3, err
    assert out.startswith("\n== Part 1: ") and "\n== Part 4" not in out
    assert out.endswith("Every command printed exactly what the docs"
                        " show.\n"), out[-500:]
    later = " ".join(str(n) for n in tour.available() if n >= 4)
    assert err.splitlines()[-1] == (
        "bin/tour: Parts {} not run: could not set them up: no network to"
        " the package index: pip could not reach it to make .local/venv"
        " (the whole log: .local/venv.log)".format(later)), err
    assert "Traceback" not in err


def test_the_tour_says_first_that_it_reloads_the_task_databases(newcomer):
    """Its first line names the task databases it reloads (after the
    line naming the parts this system leaves out, if it leaves any)."""
    first = [line for line in newcomer["tour"][2].splitlines()
             if "they are left out here" not in line][0]
    assert first.startswith("==> bin/tour reloads the task databases"), first
    assert "no other database is touched" in first


def test_the_newcomers_data_is_there(newcomer):
    """The database of their own and their changes, as they made them."""
    assert newcomer["mine"][0] == 0, newcomer["mine"]
    looked = newcomer["before"]
    assert "\nmine\n" in "\n" + looked
    assert "1\tmy own work\n" in looked
    assert "1\tMine\n" in looked and "9\tFrom step 6\n" in looked


@pytest.mark.parts
def test_offline_bin_test_runs_what_it_can_and_fails_clearly(newcomer):
    """Part 1's test passes, Part 5's fails at once with the reason."""
    status, out, err = newcomer["test"]
    assert status == 1, out[-2000:] + err
    assert "1 passed" in out and "1 error" in out, out[-2000:]
    assert ("\nthe parts' virtualenv could not be set up: no network to the"
            " package index") in out, out[-3000:]
    parts = " ".join(sorted((p.parent.name.split("-")[0] for p in
                             (ROOT / "parts").glob("*/README.md")), key=int))
    assert err.splitlines()[-1].startswith(
        "bin/test: the tests of Parts {} failed: could not set them up: no"
        " network to the package index".format(parts)), err


@pytest.mark.parts
def test_a_tour_of_a_later_part_changes_no_task_database(newcomer):
    """bin/tour 9 says so first (then, offline, cannot set Part 9 up)."""
    status, _, err = newcomer["tour 9"]
    assert status == 3, err
    assert err.startswith("==> bin/tour changes no task database"), err


@pytest.mark.parametrize("after", ["after test", "after tour 9",
                                   "after check",
                                   "after stop", "after reset, no terminal"])
def test_every_database_survives(newcomer, after):
    """bin/test, bin/check's setup, bin/stop and a refused bin/reset
    leave every database of the newcomer's server as it was."""
    assert newcomer[after] == newcomer["before"]


def test_bin_stop_keeps_the_data(newcomer):
    """bin/stop says the data stays, and .local/mariadb is still there."""
    status, out, err = newcomer["stop"]
    assert status == 0, err
    assert "mariadb\n" in out
    assert "its data stays in .local/mariadb" in err


def test_bin_reset_without_a_terminal_refuses_in_one_line(newcomer):
    """No terminal, no --yes: one line saying so, exit 1."""
    status, out, err = newcomer["reset, no terminal"]
    assert (status, out) == (1, "")
    assert err.splitlines()[-1] == (
        "bin/reset: not deleting anything: no terminal to ask on; run"
        " bin/reset --yes to delete .local/mariadb"), err
    assert "mine" in err.splitlines()[0], err


def test_bin_reset_asks_and_no_keeps_everything(newcomer):
    """It names what it deletes, asks; 'n' deletes nothing."""
    status, _, err = newcomer["reset, n"]
    assert status == 1
    assert "bin/reset deletes .local/mariadb" in err
    assert "Delete them? [y/N]" in err and "nothing deleted" in err
    assert "mariadb\n" in newcomer["after reset, n"][1]


def test_bin_reset_yes_deletes_the_data(newcomer):
    """'y' stops the server and deletes .local/mariadb."""
    status, _, err = newcomer["reset, y"]
    assert status == 0, err
    assert "deleted .local/mariadb" in err
    assert "mariadb\n" not in newcomer["after reset, y"][1]
