"""Running one untrusted process: bubblewrap, limits, nothing left over.

Every script runs under bubblewrap (bwrap) in namespaces of its own: its
own PID, network, IPC, mount and user namespaces, the system read-only
(/usr, /etc and the /bin, /lib links), a private /tmp, its copy of the
folder as its working directory, and, of the host, only the socket of
the run's own server (at /run/mysqld, so "localhost" reaches it).  When
the script ends, or is killed at its time limit, the namespace's first
process dies and the kernel kills every process in it: a daemon that
double-forked, called setsid and cleared its environment dies too.
Limits (prlimit): address space, processes, file size, open files, CPU
seconds; its output goes to files, of which only the first LARGEST bytes
are read.  Run as root, bwrap starts as nobody.  The script's argv goes
to it through a pipe, so that bwrap's own argv holds no password.
"""
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections import namedtuple

LARGEST = 1 << 20
MEMORY = 1 << 30
PROCESSES = 64
LIMITS = ["--as={}".format(MEMORY), "--fsize={}".format(16 * LARGEST),
          "--nofile=256", "--core=0"]
INSIDE = "/check"
# Started inside the sandbox (bash starts faster than Python): limits the
# processes of its namespace (counted there, not with every process of
# our user on the host), reads the script's argv from one file
# descriptor, closes both, and becomes the script.
LAUNCH = ('ulimit -u {n} && mapfile -d "" -t -u {args} argv'
          ' && exec {args}<&- {opts}<&- && exec {drop}"${{argv[@]}}"')
# Where even root may not make a user namespace (a chroot, some
# containers), bwrap runs as root without one, and the launcher drops to
# the account (no groups, no capabilities) before the script starts.
DROP = ("setpriv --reuid={uid} --regid={gid} --clear-groups"
        " --inh-caps=-all --bounding-set=-all -- ")
Result = namedtuple("Result", "stdout stderr status seconds timed_out")


class SandboxError(Exception):
    """bubblewrap cannot make a sandbox on this machine (one line)."""


def tool(name):
    """The full path of a program on our PATH (the sandbox's differs)."""
    path = shutil.which(name)
    if path is None:
        raise SandboxError("{} is not installed (bin/check installs"
                           " bubblewrap and util-linux)".format(name))
    return path


def system_binds():
    """bwrap options for the read-only system: /usr, /etc and the links.

    /bin, /lib and the like are links into /usr on a merged-/usr system
    and folders of their own on an older one: each is made as it is.
    """
    args = ["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
    for name in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(name):
            args += ["--symlink", os.readlink(name), name]
        elif os.path.isdir(name):
            args += ["--ro-bind", name, name]
    return args


def bwrap_options(folder, socket_dir, notes=None, user=True):
    """The bwrap options of one script, as a list of strings.

    ``user``: a user namespace of its own; without it (root only, where
    the kernel refuses one) every other namespace is still made.
    """
    args = (["--unshare-all", "--unshare-user"] if user else [
        "--unshare-ipc", "--unshare-pid", "--unshare-net",
        "--unshare-uts", "--unshare-cgroup-try"])
    args += ["--die-with-parent", "--new-session", "--hostname", "check"]
    args += system_binds()
    args += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
             "--dir", "/run", "--bind", str(socket_dir), "/run/mysqld",
             "--bind", str(folder), INSIDE, "--chdir", INSIDE]
    if notes:
        args += ["--bind", str(notes), "/notes"]
    return args


def fd_of(data):
    """A file descriptor to read ``data`` from: a file only in memory."""
    fd = os.memfd_create("hbtn-check-args")
    os.write(fd, data)
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


# A chroot whose / is no mount point (a Debian made by debootstrap):
# bwrap cannot mark / as a slave there.  So, in a mount namespace of its
# own, the run makes /dev private (a mount point everywhere), puts a
# fresh tmpfs on /dev/shm, binds / there and chroots into it: / is then
# a mount point.  Every mount is made under a private one, so none of
# them can reach the host's mounts, and all go with the namespace.
REBIND = ('"$1" --make-rprivate /dev'
          ' && "$1" -t tmpfs -o mode=0700 hbtn-check /dev/shm'
          ' && mkdir "$0" && "$1" --rbind / "$0"'
          ' && "$1" --make-rprivate "$0"'
          ' && exec "$2" "$0" "${@:3}"')


def rebind_argv():
    """The argv that enters a run through REBIND."""
    return [tool("unshare"), "--mount", "--propagation", "unchanged",
            "--", tool("bash"), "--noprofile", "--norc", "-c", REBIND,
            "/dev/shm/root", tool("mount"), tool("chroot")]


def start(argv, options, env, out, err, account=None, cpu=30, drop=None,
          rebind=False):
    """Start ``argv`` in a sandbox made of ``options``; the Popen.

    bwrap reads its options from one file in memory (--args), the
    launcher (bash) the script's argv from another: neither shows in
    bwrap's argv, which any process of the host could read.  ``account``
    is who bwrap starts as; ``drop``, who the script becomes inside.
    """
    opts = fd_of("".join(a + "\0" for a in options).encode())
    args = fd_of("".join(a + "\0" for a in argv).encode())
    who = {}
    if account:
        who = dict(user=account.pw_uid, group=account.pw_gid,
                   extra_groups=[])
    try:
        limits = [tool("prlimit")] + LIMITS + ["--cpu={}".format(cpu), "--"]
        return subprocess.Popen(
            limits + (rebind_argv() if rebind else []) + [
                tool("bwrap"), "--args",
                str(opts), "--", "/bin/bash", "--noprofile", "--norc", "-c",
                LAUNCH.format(n=PROCESSES, args=args, opts=opts,
                              drop=DROP.format(uid=drop.pw_uid,
                                               gid=drop.pw_gid)
                              if drop else "")],
            env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
            start_new_session=True, pass_fds=(opts, args),
            **who)
    finally:
        os.close(opts)
        os.close(args)


def run(argv, options, env, timeout, started, account=None, drop=None,
        rebind=False):
    """Run ``argv`` in its sandbox; a Result once it ended or was killed.

    ``started(proc)`` is told the new process before the wait, so that
    an interrupted run can kill it; ``account`` (a pwd entry) is the
    system user bwrap starts as, if not us.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start_time = time.monotonic()
        proc = start(argv, options, env, out, err, account,
                     cpu=max(1, int(timeout) + 1), drop=drop,
                     rebind=rebind)
        started(proc)
        timed_out = False
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            kill(proc)
            proc.wait()
        seconds = time.monotonic() - start_time
        return Result(read(out), read(err), proc.returncode, seconds,
                      timed_out)


def read(stream):
    """The first LARGEST bytes a script wrote to ``stream``, as text."""
    stream.seek(0)
    return stream.read(LARGEST).decode("utf-8", "replace")


def kill(proc):
    """Kill a sandbox: bwrap's group; its namespace dies with it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def probe(options, env, account=None, drop=None, rebind=False):
    """Raise SandboxError unless bwrap can make a sandbox here."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            proc = start(["/bin/true"], options, env, out, err, account,
                         drop=drop, rebind=rebind)
        except OSError as error:  # pragma: a broken installation
            raise SandboxError("cannot start bubblewrap: {}".format(
                error.strerror)) from None
        proc.wait()
        if proc.returncode != 0:
            why = read(err).strip().splitlines() or ["?"]
            raise SandboxError(
                "bubblewrap cannot make a sandbox here ({}): bin/check"
                " needs unprivileged user namespaces (sysctl"
                " kernel.unprivileged_userns_clone=1 and"
                " user.max_user_namespaces > 0)".format(why[-1]))
