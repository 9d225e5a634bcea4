"""The README's first command, and how setup treats a server of your own."""
import os
import re
import subprocess
import time

from conftest import ROOT

TOUR_ORDER = [
    "0-select_states.py", "1-filter_states.py", "2-my_filter_states.py",
    "2-my_filter_states.py", "3-my_safe_filter_states.py",
    "3-my_safe_filter_states.py", "4-cities_by_state.py",
    "5-filter_cities.py", "5-filter_cities.py", "6-model_state.py",
    "7-model_state_fetch_all.py", "8-model_state_fetch_first.py",
    "9-model_state_filter_a.py", "10-model_state_my_get.py",
    "10-model_state_my_get.py", "11-model_state_insert.py",
    "7-model_state_fetch_all.py", "12-model_state_update_id_2.py",
    "7-model_state_fetch_all.py", "13-model_state_delete_a.py",
    "7-model_state_fetch_all.py", "14-model_city_fetch_by_state.py",
    "100-relationship_states_cities.py",
    "101-relationship_states_cities_list.py",
    "101-relationship_states_cities_list.py",
    "102-relationship_cities_states_list.py",
]


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


def test_tour_runs_every_step_in_order_and_twice():
    """bin/tour shows each command, then SPEC's output; a rerun is quick."""
    for attempt in range(2):
        started = time.monotonic()
        proc = subprocess.run([str(ROOT / "bin" / "tour")], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=300)
        took = time.monotonic() - started
        assert proc.returncode == 0, proc.stderr
        shown = re.findall(r"^\$ \./(\S+)", proc.stdout, re.M)
        assert shown == TOUR_ORDER
        blocks = proc.stdout.split("\n$ ")
        after_13 = [b for b in blocks
                    if b.startswith("./7-model_state_fetch_all.py")][-1]
        assert after_13.split("\n")[1:3] == ["2: New Mexico", "4: New York"]
        assert "\n$ ./11-model_state_insert.py root root hbtn_0e_6_usa\n6\n" \
            in proc.stdout
        assert "Traceback" not in proc.stdout + proc.stderr
    assert took < 30, "a second bin/tour took {:.1f} s".format(took)


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
