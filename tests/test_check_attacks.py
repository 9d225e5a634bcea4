"""Attacks on bin/check, each a student file written as an attacker would.

One folder holds every attack of issue 22 at once (tests/attacks/ holds
the scripts) next to honest files; bin/check checks it twice at the same
time, as root and as nobody (an ordinary user: the non-root path), while
a third run is stopped with SIGTERM.  Each test asserts that some harm
did not happen: the project's own server untouched (a canary database,
no new user, no XA transaction), no file written, no secret in the
report or seen by a script, no process, server, account or file of the
runs left; and that the honest files are still judged right.  The
scripts write what they saw in a notes folder that bin/check binds into
its sandboxes for this test (HBTN_CHECK_NOTES).
"""
import json
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from check import process
from conftest import ROOT, Databases, query

ATTACKS = Path(__file__).resolve().parent / "attacks"
MARKER = "hbtn-attack-daemon-{}".format(os.getpid())
AS_ROOT = os.geteuid() == 0


def nobody_has_user_namespaces():
    """Whether an ordinary user (nobody) may make a user namespace here:
    a kernel may refuse it (inside a chroot, some containers)."""
    if not AS_ROOT:
        return None
    proc = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
         "bwrap", "--unshare-user", "--ro-bind", "/", "/", "true"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc.returncode == 0


USERNS = nobody_has_user_namespaces()
# A run may take this long; a file's runs together this long (room for
# the honest files on a machine at a load of 40 and more).
TIMEOUT, BUDGET = 20, 40
SECRET = "hbtn-secret-{}".format(os.getpid())
HONEST = ("0-select_states.py", "4-cities_by_state.py",
          "12-model_state_update_id_2.py")


def write(folder, name, text, mode=0o755):
    """One file of the attack folder."""
    (folder / name).write_text(text)
    os.chmod(str(folder / name), mode)


def attack_folder(folder, target):
    """The folder of attacks, and honest files beside them."""
    folder.mkdir()
    os.chmod(str(folder), 0o755)
    for name in HONEST + ("hints.py",):
        shutil.copy2(str(ROOT / name), str(folder / name))
    write(folder, "target.json", json.dumps(target), 0o644)
    for name, source in (("1-filter_states.py", "temporary.py"),
                         ("2-my_filter_states.py", "server.py"),
                         ("3-my_safe_filter_states.py", "processes.py"),
                         ("5-filter_cities.py", "sleeper.py")):
        write(folder, name, (ATTACKS / source).read_text())
    os.symlink("/etc/shadow", str(folder / "6-model_state.py"))
    os.symlink("/proc/self/environ",
               str(folder / "7-model_state_fetch_all.py"))
    os.symlink("/proc/kcore", str(folder / "8-model_state_fetch_first.py"))
    os.symlink("/proc/self/environ", str(folder / "notes.txt"))
    write(folder, "9-model_state_filter_a.py", "#!/usr/bin/python3\n"
          + "# padding\n" * (220 * 1024))
    write(folder, "10-model_state_my_get.py",
          "#!/usr/bin/python3\n# ROOTONLY{}\n".format(SECRET), 0o600)
    write(folder, "11-model_state_insert.py",
          '#!/usr/bin/python3\n"""A sum too deep to parse."""\nx = '
          + "+".join(["1"] * 300000) + "\n")


def notes_folder(top, name):
    """A folder every script may write in (they may run as nobody)."""
    notes = top / name
    notes.mkdir()
    os.chmod(str(notes), 0o777)
    return notes


def start(folder, notes, tmp, as_nobody=False):
    """Start bin/check --json on ``folder``; the Popen."""
    env = dict(os.environ, LANG="C.UTF-8", HBTN_CHECK_NOTES=str(notes),
               HBTN_CHECK_TIMEOUT=str(TIMEOUT),
               HBTN_CHECK_FILE_BUDGET=str(BUDGET), TMPDIR=str(tmp),
               HBTN_SECRET=SECRET)
    argv = [str(ROOT / "bin" / "check"), "--json", str(folder)]
    if as_nobody:
        argv = ["setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups"] + argv
        env["HOME"] = "/nonexistent"
    return subprocess.Popen(argv, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def processes_with(text):
    """The host's processes whose argv holds ``text``."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            argv = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if text.encode() in argv and entry.name != str(os.getpid()):
            found.append((entry.name, argv))
    return found


def runs_left(pid):
    """The run folders of bin/check process ``pid`` still on disk."""
    places = [ROOT / ".local" / "check-runs"] + list(
        Path(tempfile.gettempdir()).glob("*/hbtn-check-*/check-runs"))
    return [p for place in places if place.is_dir()
            for p in place.iterdir() if p.name.startswith(
                "{}-".format(pid))]


def private_tmp(top, name):
    """An empty TMPDIR for one run, which anyone may write in."""
    tmp = top / name
    tmp.mkdir()
    os.chmod(str(tmp), 0o1777)
    return tmp


@pytest.fixture(scope="module")
def attacked():
    """Check the attack folder as root and as nobody; stop a third run.

    Yields {who: (status, report, stderr, notes, seconds, pid, tmp)} and
    the canary's name, the server's users and XA before and after.
    """
    # Not under pytest's own temporary folder, which nobody may not enter.
    top = Path(tempfile.mkdtemp(prefix="hbtn-attacks-"))
    os.chmod(str(top), 0o755)
    made = Databases()
    canary = made.new()
    query(canary, "CREATE TABLE t (secret VARCHAR(20))")
    query(canary, "INSERT INTO t VALUES ('kept')")
    evil = ROOT / "evil_{}.py".format(os.getpid())
    folder = top / "dir"
    attack_folder(folder, {"canary": canary, "evil": str(evil),
                           "marker": MARKER, "root": str(ROOT),
                           "sleep": TIMEOUT - 3})
    stop_folder = top / "stop"
    stop_folder.mkdir()
    os.chmod(str(stop_folder), 0o755)
    shutil.copy2(str(ROOT / "hints.py"), str(stop_folder / "hints.py"))
    write(stop_folder, "0-select_states.py",
          (ATTACKS / "stopped.py").read_text())
    write(stop_folder, "target.json", json.dumps({"sleep": 60}), 0o644)
    before = server_state()
    # Where the kernel refuses nobody a user namespace, bin/check refuses
    # nobody too: test_nobody_is_refused_without_user_namespaces.
    who = [("self", False)] + ([("nobody", True)] if USERNS else [])
    procs, started = {}, time.monotonic()
    for name, nobody in who:
        procs[name] = (start(folder, notes_folder(top, name + "-notes"),
                             private_tmp(top, name + "-tmp"), nobody),
                       top / (name + "-notes"), top / (name + "-tmp"))
    stop_notes = notes_folder(top, "stop-notes")
    stopper = start(stop_folder, stop_notes,
                    private_tmp(top, "stop-tmp"))
    try:
        stopped = stop_midway(stopper, stop_notes)
        runs = {}
        for name, (proc, notes, tmp) in procs.items():
            out, err = proc.communicate(timeout=400)
            runs[name] = (proc.returncode, json.loads(out.decode()),
                          err.decode(), notes, time.monotonic() - started,
                          proc.pid, tmp)
        time.sleep(5)  # longer than the daemons wait before their harm
        yield {"runs": runs, "canary": canary, "evil": evil,
               "before": before, "after": server_state(),
               "stopped": stopped, "stop_tmp": top / "stop-tmp"}
    finally:
        for proc, _, _ in procs.values():
            if proc.poll() is None:
                proc.kill()
        made.drop_all()
        shutil.rmtree(str(top))
        if evil.exists():
            evil.unlink()


def stop_midway(proc, notes):
    """SIGTERM ``proc`` once its script runs; (status, stderr, seconds)."""
    for _ in range(1200):
        if (notes / "started").exists() or proc.poll() is not None:
            break
        time.sleep(0.1)
    assert (notes / "started").exists(), "the script never started"
    proc.send_signal(signal.SIGTERM)
    began = time.monotonic()
    out, err = proc.communicate(timeout=60)
    return (proc.returncode, out.decode(), err.decode(),
            time.monotonic() - began, proc.pid)


def server_state():
    """The project server's users and XA transactions.

    The accounts other test files make meanwhile (hbtn_t...) are left
    out: the attacks' own (intruder, or any other name) are not.
    """
    return (query(None, "SELECT user, host FROM mysql.user WHERE user NOT"
                  " LIKE 'hbtn\\_t%' ORDER BY 1, 2"),
            query(None, "XA RECOVER"))


def notes_of(run, name):
    """The lines a script of ``run`` wrote in notes file ``name``."""
    path = run[3] / name
    return path.read_text().splitlines() if path.exists() else []


def each_run(attacked):
    """The runs of the attack folder: as ourselves, and as nobody."""
    return list(attacked["runs"].items())


def test_a_report_comes_and_honest_files_hold(attacked):
    """Exit 1 with a full report; the honest files pass untouched."""
    for who, run in each_run(attacked):
        status, report, err = run[0], run[1], run[2]
        assert status == 1, (who, err)
        for name in HONEST:
            assert report["steps"][name] == {"ok": True, "failures": []}, (
                who, name, report["steps"][name])
        assert err == "bin/check: not copied: notes.txt is a symbolic" \
            " link (bin/check follows no links)\n", (who, err)


def test_admin_logins_and_harm_are_refused(attacked):
    """No admin login works; nothing outside the file's own is allowed."""
    for who, run in each_run(attacked):
        lines = notes_of(run, "server.txt")
        allowed = [n for n in lines if n.startswith("ALLOWED")]
        assert "ALLOWED own login login" in allowed, (who, lines[:4])
        harm = ("root", "DROP", "CREATE USER", "DUMPFILE", "OUTFILE",
                "LOAD DATA")
        assert [n for n in allowed if any(h in n for h in harm)] == [], (
            who, allowed)
        assert "LOAD_FILE gave None" in lines, who
        assert len([n for n in lines if n.startswith("REFUSED root")]) \
            >= 2, (who, lines[:4])
        drops = [n for n in lines if "DROP DATABASE hbtn_run_" in n]
        assert drops and all(n.startswith("REFUSED") for n in drops)


def test_project_server_and_files_untouched(attacked):
    """The canary is intact, no user or XA was added, no file written."""
    assert query(attacked["canary"], "SELECT secret FROM t") == [("kept",)]
    assert attacked["after"] == attacked["before"]
    assert not attacked["evil"].exists()
    assert not Path(str(attacked["evil"]) + ".txt").exists()


def said(step):
    """A step's failures as (check, why): the advice is tested apart."""
    return [(f["check"], f["why"]) for f in step["failures"]]


def test_links_big_and_unreadable_files_are_not_copied(attacked):
    """Links, a file over 1 MiB, a root-only file: named, never read."""
    for who, run in each_run(attacked):
        steps = run[1]["steps"]
        for name in ("6-model_state.py", "7-model_state_fetch_all.py",
                     "8-model_state_fetch_first.py"):
            assert said(steps[name]) == [(
                "style", name + " is a symbolic link"
                " (bin/check follows no links)")], (who, name)
        assert said(steps["9-model_state_filter_a.py"]) == [(
            "style", "9-model_state_filter_a.py is larger than 1 MiB")]
        if AS_ROOT:
            # Root made the folder (no student of its own): only what
            # anyone may read is copied; nobody cannot even open it.
            why = steps["10-model_state_my_get.py"]["failures"][0]["why"]
            assert why == "10-model_state_my_get.py " + (
                "is not readable by the folder's owner" if who == "self"
                else "cannot be read (Permission denied)"), (who, why)


def test_no_secret_reaches_the_report_or_the_scripts(attacked):
    """Neither the report nor any script sees a secret of the host."""
    shadow = Path("/etc/shadow").read_text().split("\n")[0]
    for who, run in each_run(attacked):
        text = json.dumps(run[1]) + run[2]
        for secret in (SECRET, shadow, "root:", "Ck_"):
            assert secret not in text, (who, secret)
        lines = notes_of(run, "processes.txt")
        env = [json.loads(n[4:]) for n in lines if n.startswith("ENV ")]
        assert env and all(set(e) == {"PATH", "LANG", "HOME", "PWD",
                                      "SHLVL", "PYTHONDONTWRITEBYTECODE"}
                           for e in env), (who, env[:1])
        assert "SHADOW refused" in lines
        assert {n for n in lines if n.startswith("EXISTS")} == {
            "EXISTS /work False", "EXISTS /root False",
            "EXISTS /home False", "EXISTS {} False".format(ROOT),
            "EXISTS /run/mysqld True", "EXISTS /etc/shadow True"}, who


def test_a_script_sees_only_its_own_processes(attacked):
    """No other process's argv (no other run's password) is visible."""
    for who, run in each_run(attacked):
        for line in notes_of(run, "processes.txt"):
            if not line.startswith("PROCS "):
                continue
            argvs = json.loads(line[6:])
            passwords = {w for a in argvs for w in a.split()
                         if w.startswith("Ck_")}
            assert len(passwords) <= 1, (who, argvs)
            assert not [a for a in argvs if "mariadbd" in a
                        or "-m check" in a], (who, argvs)


def test_limits_hold(attacked):
    """The fork bomb stops at the limit; 3 GiB is refused."""
    for who, run in each_run(attacked):
        lines = notes_of(run, "processes.txt")
        forked = [int(n.split()[1]) for n in lines
                  if n.startswith("FORKED")]
        assert forked and max(forked) < 64, (who, forked)
        assert "MEMORY refused" in lines
        assert not [n for n in lines if n.startswith("MEMORY 3")]


def test_no_daemon_survives(attacked):
    """The double-forked, setsid, empty-environment daemons all died."""
    assert processes_with(MARKER) == []
    for who, run in each_run(attacked):
        assert notes_of(run, "harm.txt") == [], who


def test_sleeping_under_the_limit_is_cut_by_the_budget(attacked):
    """A file whose every run sleeps just under the limit (3 s under,
    so that a slow start on a loaded machine is not itself a timeout):
    one timeout once its runs used up the file's budget, after a few runs
    (its checks hold dozens: each would have slept)."""
    for who, run in each_run(attacked):
        failures = run[1]["steps"]["5-filter_cities.py"]["failures"]
        assert [f["check"] for f in failures] == ["timeout"], failures
        assert 2 <= len(notes_of(run, "sleeper.txt")) <= 8, who


def test_unparsable_and_temporary_table_files_are_reported(attacked):
    """A 300,000-term sum is a style failure; a TEMPORARY TABLE trick
    fails its file with a why; neither stops the report."""
    for who, run in each_run(attacked):
        steps = run[1]["steps"]
        whys = [f["why"] for f in steps["11-model_state_insert.py"][
            "failures"] if f["check"] == "style"]
        assert "Python cannot read the file: it is too deeply nested to" \
            " parse" in whys, (who, whys)
        assert steps["1-filter_states.py"]["ok"] is False


def test_nothing_of_the_runs_is_left(attacked):
    """No run folder, server, script, account or temporary file is left.

    The accounts and databases lived in each run's own server, which is
    gone with its folder; TMPDIR (private to each run) is empty but for
    the template an ordinary user keeps there.
    """
    for who, run in each_run(attacked):
        assert runs_left(run[5]) == [], who
        assert processes_with("check-runs/{}-".format(run[5])) == [], who
        left = sorted(str(p.relative_to(run[6])) for p in run[6].rglob("*"))
        kept = "hbtn-check-{}".format(65534 if who == "nobody" else
                                      os.geteuid())
        assert [p for p in left if "check-runs/" in p or p.split("/")[0]
                != kept or (who == "self" and AS_ROOT)] == [], (who, left)


def test_sigterm_stops_the_run_cleanly(attacked):
    """SIGTERM mid-run: exit 143, one line, nothing of the run left."""
    status, out, err, seconds, pid = attacked["stopped"]
    assert (status, out) == (143, "")
    assert err == "bin/check: stopped by SIGTERM; nothing of the run is" \
        " left\n"
    assert seconds < 10
    assert runs_left(pid) == []
    assert processes_with("check-runs/{}-".format(pid)) == []
    assert list(attacked["stop_tmp"].iterdir()) == []


def test_nobody_is_refused_without_user_namespaces(attacked, tmp_path):
    """Where nobody may make a user namespace, the attack folder was
    checked as nobody too; where the kernel refuses it (a chroot),
    bin/check run as nobody says so in one line, exit 2, runs nothing."""
    runs = attacked["runs"]
    if not AS_ROOT:
        assert set(runs) == {"self"}
        return
    assert ("nobody" in runs) == USERNS
    if USERNS:
        return
    top = Path(tempfile.mkdtemp(prefix="hbtn-nouserns-"))
    os.chmod(str(top), 0o755)
    folder = top / "dir"
    folder.mkdir()
    os.chmod(str(folder), 0o755)
    shutil.copy2(str(ROOT / "0-select_states.py"), str(folder))
    proc = start(folder, notes_folder(top, "notes"),
                 private_tmp(top, "tmp"), True)
    out, err = proc.communicate(timeout=120)
    shutil.rmtree(str(top))
    assert (proc.returncode, out) == (2, b"")
    assert err.count(b"\n") == 1 and b"user namespaces" in err


def test_without_a_working_bwrap_it_refuses_to_run():
    """A bwrap that cannot make namespaces: one line, exit 2, nothing run.

    The fake bwrap says what Debian's says when the kernel refuses
    unprivileged user namespaces.
    """
    # A folder that nobody (bwrap's user when we are root) may enter.
    tmp_path = Path(tempfile.mkdtemp(prefix="hbtn-nobwrap-"))
    os.chmod(str(tmp_path), 0o755)
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "bwrap").write_text(
        "#!/bin/sh\necho 'bwrap: No permissions to creating new namespace,"
        " likely because the kernel does not allow non-privileged user"
        " namespaces.' >&2\nexit 1\n")
    os.chmod(str(fake / "bwrap"), 0o755)
    folder = tmp_path / "dir"
    folder.mkdir()
    shutil.copy2(str(ROOT / "0-select_states.py"), str(folder))
    proc = subprocess.run(
        ["/usr/bin/python3", "-m", "check", str(folder)], cwd=str(ROOT),
        env=dict(os.environ, PATH="{}:/usr/bin:/bin".format(fake)),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    shutil.rmtree(str(tmp_path))
    assert (proc.returncode, proc.stdout) == (2, b"")
    err = proc.stderr.decode()
    assert err.count("\n") == 1 and "bwrap: No permissions" in err
    assert "user namespaces" in err


JAILBREAK = r"""
import os, socket
seen = []
try:
    open("/etc/shadow").read()
    seen.append("read shadow")
except OSError:
    pass
try:
    os.setuid(0)
    seen.append("became root")
except OSError:
    pass
if len([p for p in os.listdir("/proc") if p.isdigit()]) > 4:
    seen.append("host processes")
try:
    socket.create_connection(("127.0.0.1", 3306), timeout=2)
    seen.append("reached 3306")
except OSError:
    pass
caps = [line.split()[1] for line in open("/proc/self/status")
        if line.startswith(("CapEff", "CapPrm", "CapBnd"))]
if set(caps) != {"0000000000000000"}:
    seen.append("capabilities " + " ".join(caps))
print(os.getuid(), seen)
"""


def test_without_a_user_namespace_root_still_jails_the_script(tmp_path):
    """Where the kernel refuses user namespaces (a chroot, a container),
    bin/check run as root starts bwrap without one and the script
    becomes nobody with no capability; anyone else is refused, never
    run unconfined."""
    folder, sockets = tmp_path / "dir", tmp_path / "socket"
    folder.mkdir()
    sockets.mkdir()
    options = process.bwrap_options(folder, sockets, user=False)
    env = {"PATH": "/usr/bin:/bin"}
    argv = ["/usr/bin/python3", "-c", JAILBREAK]
    if AS_ROOT:
        nobody = pwd.getpwnam("nobody")
        try:
            process.probe(options, env, None, nobody)
            rebind = False
        except process.SandboxError:  # a chroot whose / is no mount
            process.probe(options, env, None, nobody, True)
            rebind = True
        result = process.run(argv, options, env, 20, lambda proc: None,
                             None, nobody, rebind)
        assert (result.status, result.stderr) == (0, "")
        assert result.stdout == "{} []\n".format(nobody.pw_uid)
    else:
        with pytest.raises(process.SandboxError):
            process.probe(options, env)


def mounts():
    """This namespace's mounts: where, what and how each is shared."""
    with open("/proc/self/mountinfo") as table:
        return sorted(" ".join(line.split()[3:]) for line in table)


def test_a_chroot_entry_jails_the_script_and_mounts_nothing_here(
        tmp_path):
    """In a chroot whose / is no mount point, root enters the sandbox
    through a mount namespace where / is bound under a private tmpfs
    (process.REBIND).  Forced here: the script is still nobody with
    nothing of the host, and not one mount reaches this namespace."""
    folder, sockets = tmp_path / "dir", tmp_path / "socket"
    folder.mkdir()
    sockets.mkdir()
    options = process.bwrap_options(folder, sockets, user=False)
    env = {"PATH": "/usr/bin:/bin"}
    # bin/test itself may have entered this way (in a chroot): then
    # /dev/shm/root is its own, and must simply be as it was.
    before, existed = mounts(), os.path.exists("/dev/shm/root")
    if AS_ROOT:
        nobody = pwd.getpwnam("nobody")
        result = process.run(["/usr/bin/python3", "-c", JAILBREAK],
                             options, env, 20, lambda proc: None, None,
                             nobody, rebind=True)
        assert (result.status, result.stderr) == (0, "")
        assert result.stdout == "{} []\n".format(nobody.pw_uid)
    else:
        with pytest.raises(process.SandboxError):
            process.probe(options, env, rebind=True)
    assert mounts() == before
    assert os.path.exists("/dev/shm/root") == existed
