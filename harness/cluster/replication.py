"""The replica pair: a primary that logs each transaction with a GTID,
and a replica made from mariabackup's copy of it, going on from there."""
import shutil
import subprocess

from harness.cluster import PORTS, WAIT, ServerError, folder
from harness.cluster import mariadb


def primary_options():
    """The primary writes a binary log, row by row."""
    return mariadb.options("primary") + ["--log-bin=primary-bin",
                                         "--binlog-format=ROW"]


def replica_options():
    """The replica refuses writes from ordinary logins."""
    return mariadb.options("replica") + ["--read-only=ON",
                                         "--relay-log=replica-relay"]


def start_primary():
    """Start the primary; the first time, make it and its repl login."""
    if (folder("primary") / "data" / "mysql").exists():
        return mariadb.launch("primary", primary_options())
    mariadb.install("primary")
    mariadb.launch("primary", primary_options())
    mariadb.set_root_password("primary", binlog=False)
    mariadb.sql("primary", "SET SESSION sql_log_bin = 0",
                "CREATE USER repl@'127.0.0.1' IDENTIFIED BY 'repl'",
                "GRANT REPLICATION SLAVE ON *.* TO repl@'127.0.0.1'")


def copy_of_primary():
    """The replica's folder: mariabackup's copy of the running primary.

    Returns the GTID where the copy ends (mariadb_backup_binlog_info;
    before MariaDB 11, xtrabackup_binlog_info).
    """
    home = folder("replica")
    shutil.rmtree(home, ignore_errors=True)
    (home / "tmp").mkdir(parents=True)
    backup = [mariadb.program("mariadb-backup", "mariabackup"),
              "--no-defaults"]
    data = "--target-dir={}/data".format(home)
    with open(home / "backup.log", "w") as log:
        subprocess.run(backup + [
            "--backup", data, "--host=127.0.0.1",
            "--port={}".format(PORTS["primary"]),
            "--datadir={}/data".format(folder("primary")),
            "--user=root", "--password=root"],
            stdout=log, stderr=log, check=True, timeout=WAIT)
        subprocess.run(backup + ["--prepare", data], stdout=log,
                       stderr=log, check=True, timeout=WAIT)
    found = [p for p in (home / "data" / "mariadb_backup_binlog_info",
                         home / "data" / "xtrabackup_binlog_info")
             if p.exists()]
    if not found:
        raise ServerError("mariadb-backup's copy names no GTID (no"
                          " *_binlog_info file): see {}".format(
                              home / "backup.log"))
    words = found[0].read_text().split()
    return words[2] if len(words) > 2 else ""


def start_replica():
    """Start the replica; the first time, copy the primary and follow."""
    if (folder("replica") / "data" / "mysql").exists():
        return mariadb.launch("replica", replica_options())
    gtid = copy_of_primary()
    mariadb.launch("replica", replica_options())
    mariadb.sql(
        "replica", "SET GLOBAL gtid_slave_pos = '{}'".format(gtid),
        "CHANGE MASTER TO master_host = '127.0.0.1', master_port = {},"
        " master_user = 'repl', master_password = 'repl',"
        " master_use_gtid = slave_pos".format(PORTS["primary"]),
        "START SLAVE")
