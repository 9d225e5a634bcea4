"""The command line of Part 12's servers.

Usage: python3 -m harness.cluster start [NAME ...]
       python3 -m harness.cluster stop
"""
import subprocess
import sys

from harness.cluster import ALL, PORTS, STANDBY, ServerError
from harness.cluster import control, mariadb


def main(argv):
    """start [NAME ...] or stop."""
    if argv == ["stop"]:
        return control.stop()
    names = argv[1:] or ALL
    if argv[:1] != ["start"] or not set(names) <= set(ALL):
        sys.exit("Usage: python3 -m harness.cluster start [NAME ...] | stop"
                 "  (NAME: {})".format(" ".join(ALL)))
    control.start(names)
    for name in names:
        print("{:8} 127.0.0.1:{}  up".format(name, PORTS.get(name, STANDBY)))


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except (ServerError, OSError, subprocess.SubprocessError,
            mariadb.MySQLdb.Error) as error:
        sys.exit("Error: {}".format(error))
