#!/usr/bin/python3
"""An attack on the machine, as a student script (placed as step 3).

It writes to /notes/processes.txt what it can see (other processes'
argv, its environment, the host's folders), forks as many processes as
it can (at most 300), asks for 3 GiB, and leaves a daemon behind:
double fork, setsid, an empty environment, a marker in its argv; the
daemon sleeps, then would write /notes/harm.txt.  Only its first three
runs do the forking and the daemon.
"""
import json
import os
import sys
import time

DAEMON = ("import time\ntime.sleep(4)\n"
          "open('/notes/harm.txt', 'a').write('daemon alive\\n')\n")


def note(line):
    """Write down one observation."""
    with open("/notes/processes.txt", "a") as out:
        out.write(line + "\n")


def seen():
    """The argv of every process this script can see."""
    found = []
    for pid in os.listdir("/proc"):
        try:
            with open("/proc/{}/cmdline".format(pid), "rb") as f:
                found.append(f.read().replace(b"\0", b" ").decode())
        except OSError:
            pass
    return found


def forks():
    """Fork children that sleep, up to 300; how many there were."""
    made = 0
    for _ in range(300):
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            time.sleep(5)
            os._exit(0)
        made += 1
    return made


def daemon(marker):
    """Leave a process that outlives this script, if it can."""
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execve("/usr/bin/python3", ["python3", "-c", DAEMON,
                                           marker], {})
        os._exit(0)


def main():
    """Look, fork, eat memory, leave a daemon."""
    target = json.load(open("target.json"))
    note("PROCS {}".format(json.dumps(seen())))
    note("ENV {}".format(json.dumps(dict(os.environ))))
    for path in ("/work", "/root", "/home", target["root"], "/run/mysqld",
                 "/etc/shadow"):
        note("EXISTS {} {}".format(path, os.path.exists(path)))
    try:
        with open("/etc/shadow") as f:
            note("SHADOW " + f.readline())
    except OSError:
        note("SHADOW refused")
    runs = len(os.listdir("/notes"))
    open("/notes/run-{}".format(time.time()), "w").close()
    if runs < 6:
        note("FORKED {}".format(forks()))
        try:
            block = bytearray(3 << 30)
            note("MEMORY 3 GiB given {}".format(len(block)))
        except MemoryError:
            note("MEMORY refused")
        daemon(target["marker"])
    print(sys.argv[1:2])


if __name__ == "__main__":
    main()
