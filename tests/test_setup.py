"""How setup treats a server of your own (the tour itself: test_docs.py)."""
import os
import shutil
import subprocess

from conftest import ROOT, step_env


def bash(script, env=None, drop=()):
    """Run a bash snippet in the project with bin/lib.sh sourced.

    ``env`` adds variables to this environment, ``drop`` removes some.
    """
    full = {k: v for k, v in dict(os.environ, **(env or {})).items()
            if k not in drop}
    return subprocess.run(["bash", "-c", ". bin/lib.sh; " + script],
                          cwd=ROOT, env=full, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True,
                          timeout=300)


def test_a_server_of_your_own_needs_credentials():
    """Another server on 3306 and no MYSQL_USER: one line naming both."""
    proc = bash("LOCAL=/nonexistent; choose_server",
                drop=("MYSQL_USER", "MYSQL_PWD"))
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert "MYSQL_USER" in lines[0] and "MYSQL_PWD" in lines[0]


def test_a_server_of_your_own_is_used_with_its_login():
    """With MYSQL_USER and MYSQL_PWD set, setup says whose server it uses."""
    proc = bash("LOCAL=/nonexistent; choose_server; echo $MYSQL_USER",
                {"MYSQL_USER": "root", "MYSQL_PWD": "root"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "root\n"
    assert "your server on localhost:3306 as root" in proc.stderr
    assert "only hbtn_* databases are touched" in proc.stderr


def test_a_wrong_login_for_your_server_stops_setup():
    """A login the server refuses stops setup with the server's reason."""
    proc = bash("LOCAL=/nonexistent; choose_server",
                {"MYSQL_USER": "root", "MYSQL_PWD": "not-the-password"})
    assert proc.returncode == 1
    assert proc.stderr.startswith("setup failed: cannot log in")
    assert "Access denied" in proc.stderr
    assert "not-the-password" not in proc.stderr


def test_the_steps_run_with_warnings_as_errors():
    """bin/test runs the steps through their shebang, with Debian's python3
    and packages, as strictly as bin/matrix's legs: a warning is an error
    (so stock Debian needs no leg), and SQLAlchemy 1.4 shows its 2.0
    deprecations."""
    env = step_env()
    assert env["SQLALCHEMY_WARN_20"] == "1"
    proc = subprocess.run(
        ["/usr/bin/python3", "-c",
         "import warnings; warnings.warn('old', DeprecationWarning)"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        universal_newlines=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[-1] == "DeprecationWarning: old"


def test_a_project_in_tmp_is_refused_in_one_line():
    """bin/test gives its run a /tmp of its own; a project that is itself
    in /tmp (a clone there) would be hidden by it (bin/lib.sh, say, was
    then missing inside): one line says so, before anything is made."""
    copy = "/tmp/hbtn-clone-{}".format(os.getpid())
    shutil.copytree(str(ROOT / "bin"), copy + "/bin")
    try:
        proc = subprocess.run(
            ["bash", "-c", ". bin/lib.sh; private_run true"],
            cwd=copy, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            universal_newlines=True, timeout=60)
        assert (proc.returncode, proc.stdout, proc.stderr) == (
            1, "", "setup failed: bin/test gives its run a /tmp of its own,"
            " which would hide this project ({}): clone it outside /tmp\n"
            .format(copy))
        assert not os.path.exists(copy + "/.local")
    finally:
        shutil.rmtree(copy)
