"""A streaming standby of the project's PostgreSQL, on its own port:
pg_basebackup copies the primary and writes the settings (-R) that make
the copy follow it.  PostgreSQL refuses to run as root: as root, it
runs as the postgres account, as the project's own does."""
import os
import re
import shutil
import subprocess
from pathlib import Path

from harness.cluster import STANDBY, WAIT, ServerError, folder, pg_primary


def pg(program):
    """The newest installed PostgreSQL's ``program``."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/" + program),
                   key=lambda p: int(p.parent.parent.name))
    if not found:
        raise ServerError("no PostgreSQL programs in /usr/lib/postgresql")
    return str(found[-1])


def as_owner(args):
    """``args`` run as postgres when we are root."""
    return (["runuser", "-u", "postgres", "--"] if os.getuid() == 0
            else []) + args


def run(args, **kwargs):
    """Run a PostgreSQL program; its error output becomes ServerError."""
    proc = subprocess.run(as_owner(args), stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, timeout=WAIT + 5,
                          universal_newlines=True, **kwargs)
    if proc.returncode:
        lines = proc.stderr.strip().split("\n")
        raise ServerError("standby: {}".format(lines[-1][:200]))


def output(args, env=None):
    """What a PostgreSQL program prints; "" when it fails."""
    proc = subprocess.run(as_owner(args), stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, timeout=WAIT,
                          universal_newlines=True, env=env)
    return proc.stdout if proc.returncode == 0 else ""


def left_behind(data):
    """Whether the primary has recycled WAL a stopped standby may need.

    A standby restarts from its last restart point's WAL segment; if the
    primary's oldest segment is newer (much was written meanwhile: Part
    11's rows), the standby would wait for it for ever.  Then it is
    copied again.
    """
    control = output([pg("pg_controldata"), "-D", str(data)])
    needs = re.search(r"REDO WAL file:\s*([0-9A-F]{24})", control)
    oldest = output(
        [pg("psql"), "-h", "127.0.0.1", "-p", str(pg_primary()), "-U",
         "root", "-d", "postgres", "-Atc", "SELECT min(name) FROM"
         " pg_ls_waldir() WHERE name ~ '^[0-9A-F]{24}$'"],
        env=dict(os.environ, PGPASSWORD="root")).strip()
    return not needs or not oldest or oldest[8:] > needs.group(1)[8:]


def start_standby():
    """Start the standby; the first time, or when the primary has gone
    on too far without it, copy the primary."""
    home = folder("standby")
    if not (home / "data" / "PG_VERSION").exists() or left_behind(
            home / "data"):
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        if os.getuid() == 0:
            shutil.chown(home, "postgres")
        run([pg("pg_basebackup"), "-h", "127.0.0.1", "-p", str(pg_primary()),
             "-U", "root", "-D", str(home / "data"), "-R", "-X", "stream",
             "--checkpoint=fast"], env=dict(os.environ, PGPASSWORD="root"))
    run([pg("pg_ctl"), "-D", str(home / "data"), "-l", str(home / "log"),
         "-w", "-t", str(WAIT), "start", "-o",
         "-c port={} -c listen_addresses=127.0.0.1"
         " -c unix_socket_directories={}".format(STANDBY, home)])


def stop_standby():
    """Stop the standby at once (its data stays)."""
    run([pg("pg_ctl"), "-D", str(folder("standby") / "data"), "-m",
         "fast", "-w", "-t", str(WAIT), "stop"])
