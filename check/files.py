"""The copy of the student's folder: what is copied, and what is not.

Only the regular files at the top of the folder are copied, each opened
without following a link and read to at most LARGEST bytes whatever size
it claims (a /proc file says 0).  Run as root, a file the folder's owner
may not read is not copied, so the sandbox (nobody) never reads more
than the student could.  A link, a file too big or unreadable is named,
never read, so the report shows only the student's own regular files.
"""
import os
import pwd
import stat

from check.process import LARGEST
from lesson.steps import TASK_FILES


def reader_of(folder_info):
    """Whether the owner of the folder may read a file, by its stat.

    The folder's owner is the student; a folder of root's has no student
    of its own, so only what anyone may read is theirs.  Run as another
    user, we can only open what that user may read anyway.
    """
    uid = folder_info.st_uid
    try:
        entry = pwd.getpwuid(uid)
        groups = set(os.getgrouplist(entry.pw_name, entry.pw_gid))
    except KeyError:
        groups = set()

    def readable(info):
        """The student's read right on a file of this stat."""
        if os.geteuid() != 0:
            return True
        if uid != 0 and info.st_uid == uid:
            return bool(info.st_mode & stat.S_IRUSR)
        if uid != 0 and info.st_gid in groups:
            return bool(info.st_mode & stat.S_IRGRP)
        return bool(info.st_mode & stat.S_IROTH)
    return readable


def read_file(folder_fd, name, readable):
    """(bytes, mode) of a regular file of the folder, or (None, why)."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK,
                     dir_fd=folder_fd)
    except OSError as error:
        if error.errno == 40:  # ELOOP: the name is a link
            return None, "is a symbolic link (bin/check follows no links)"
        return None, "cannot be read ({})".format(error.strerror)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, "is not a regular file"
        if not readable(info):
            return None, "is not readable by the folder's owner"
        data = b""
        while len(data) <= LARGEST:
            # st_size is not trusted: some files say 0 and are endless.
            chunk = os.read(fd, 65536)
            if not chunk:
                return data, stat.S_IMODE(info.st_mode) & 0o755
            data += chunk
        return None, "is larger than 1 MiB"
    finally:
        os.close(fd)


def copy_folder(source, target, account):
    """Copy the regular top-level files of ``source`` to ``target``.

    Returns (task files copied, {task file: why not}, [(other, why)]).
    """
    present, refused, skipped = [], {}, []
    folder_fd = os.open(str(source), os.O_RDONLY | os.O_DIRECTORY)
    try:
        readable = reader_of(os.fstat(folder_fd))
        for name in sorted(os.listdir(folder_fd)):
            info = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
            if stat.S_ISDIR(info.st_mode):
                continue
            data, mode = read_file(folder_fd, name, readable)
            if data is None:
                if name in TASK_FILES:
                    refused[name] = "{} {}".format(name, mode)
                else:
                    skipped.append((name, mode))
                continue
            path = target / name
            fd = os.open(str(path), os.O_WRONLY | os.O_CREAT | os.O_EXCL,
                         0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.chmod(str(path), mode)
            if account:
                os.chown(str(path), account.pw_uid, account.pw_gid)
            if name in TASK_FILES:
                present.append(name)
    finally:
        os.close(folder_fd)
    return present, refused, skipped
