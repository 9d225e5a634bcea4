"""Console transcripts in the docs: read them, run them, show them.

A transcript is a fenced block of Markdown whose info string is
``console``.  In it, a line that starts with ``$ `` is a command (a line
ending with a backslash goes on to the next line); the lines under it, up
to the next command, are exactly what the terminal shows: stdout and
stderr together.  A command whose exit status is not 0 says so at its
end with a shell comment: ``$ ./2-my_filter_states.py ...  # exit status 1``.

All the transcripts of one page run in order, in one bash session started
in the project's root, so ``. .local/venv/bin/activate`` holds for the
commands after it.  bin/tour shows them; tests/test_docs.py compares
them.  Every command reads /dev/null as its input.
"""
import os
import re
import shlex
import subprocess
from collections import namedtuple
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

Command = namedtuple("Command", "text output status where")
STATUS = re.compile(r"\s+# exit status (\d+)$")
MARK = "\x1fend-of-command"


def commands(path, heading=None):
    """The commands of the console blocks in ``path``, in order.

    With ``heading`` (a Markdown heading line's text, such as "## The
    path"), only the blocks under that heading, up to the next heading of
    the same or a higher level.
    """
    found, block, inside = [], None, heading is None
    level = heading.split(" ", 1)[0] if heading else None
    text = path.read_text("utf-8").split("\n")
    for number, line in enumerate(text, 1):
        if block is None and line.startswith("#") and heading:
            if line == heading:
                inside = True
            elif inside and len(line.split(" ", 1)[0]) <= len(level):
                inside = False
        if line.strip() == "```console" and block is None:
            # A block inside a list item is indented: so are its lines.
            block, indent = [], line[:len(line) - len(line.lstrip())]
            continue
        if block is not None and line.strip() == "```":
            if inside:
                found.extend(parse(block, path, number - len(block)))
            block = None
            continue
        if block is not None:
            block.append(line[len(indent):] if line.startswith(indent)
                         else line)
    return found


def parse(lines, path, first):
    """Turn a console block's lines into Commands."""
    out, current, output = [], None, []

    def close():
        """Finish the command being read, if any."""
        if current is not None:
            text, where = current
            found = STATUS.search(text)
            status = int(found.group(1)) if found else 0
            out.append(Command(text, "".join(x + "\n" for x in output),
                               status, where))

    for offset, line in enumerate(lines):
        if line.startswith("$ "):
            close()
            current, output = [line[2:], "{}:{}".format(
                path.relative_to(ROOT), first + offset)], []
        elif current is not None and current[0].endswith("\\") \
                and not output:
            current[0] += "\n" + line
        elif current is None:
            raise ValueError("{}:{}: output before any command".format(
                path.relative_to(ROOT), first + offset))
        else:
            output.append(line)
    close()
    return out


def environment():
    """The environment a page's session starts with."""
    keep = ("PATH", "HOME", "MYSQL_HOST", "MYSQL_TCP_PORT", "MYSQL_USER",
            "MYSQL_PWD", "PGHOST", "PGPORT", "PGUSER", "PGPASSWORD",
            "HBTN_VENV")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(LANG="C.UTF-8", PYTHONUNBUFFERED="1", TERM="dumb")
    return env


class Session:
    """One bash process that runs a page's commands one after another."""

    def __init__(self, env=None):
        self.proc = subprocess.Popen(
            ["bash", "--noprofile", "--norc"], cwd=ROOT,
            env=env or environment(), stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def run(self, text, show=None, stderr=None):
        """Run one command; return (what it printed, its exit status).

        ``show``, if given, is called with each chunk of output as it
        arrives (bin/tour prints it).  With ``stderr``, a file's path,
        the command's stderr goes there instead, and only its stdout is
        returned (a part's test tells the two apart).
        """
        into = "2>&1" if stderr is None else "2>" + shlex.quote(str(stderr))
        self.proc.stdin.write("{{ {}\n}} </dev/null {}\nprintf '\\n{}"
                              " %d\\n' $?\n".format(text, into, MARK)
                              .encode("utf-8"))
        self.proc.stdin.flush()
        got, held = [], b""
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("the shell ended during: " + text)
            if line.startswith(MARK.encode()):
                status = int(line.split()[1])
                break
            # Hold one line back: the newline before the marker is ours.
            if held:
                got.append(held)
                if show:
                    show(held)
            held = line
        held = held[:-1]
        got.append(held)
        if show and held:
            show(held)
        return b"".join(got).decode("utf-8", "replace"), status

    def close(self):
        """End the shell."""
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def check(path, env=None):
    """Run every transcript of ``path``; return a list of mismatches.

    Each mismatch is (command, expected output, got, expected status,
    got status); an empty list means the page is exact.
    """
    session = Session(env)
    wrong = []
    try:
        for cmd in commands(path):
            out, status = session.run(cmd.text)
            if (out, status) != (cmd.output, cmd.status):
                wrong.append((cmd, out, status))
    finally:
        session.close()
    return wrong


if __name__ == "__main__":
    import sys
    failed = 0
    for name in sys.argv[1:]:
        for cmd, out, status in check(Path(name).resolve()):
            failed += 1
            print("{}: $ {}\n--- the page says (exit status {})\n{}"
                  "--- it printed (exit status {})\n{}".format(
                      cmd.where, cmd.text, cmd.status, cmd.output, status,
                      out))
    sys.exit(1 if failed else 0)
