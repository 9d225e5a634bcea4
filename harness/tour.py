"""bin/tour: run the collection's commands as its docs show them.

Parts 1-3 are the README's path (its "### Part N: ..." sections); Part 4
and later are the pages docs/N-subject.md.  Each command is printed, then
run in one bash session per part (harness/transcript.py), its output shown
as it comes.  At the end the tour says whether everything printed and
exited exactly as the docs say; if not, it names the commands that did
not, on stderr, and exits 1.

Usage: python3 -m harness.tour [--list] [N ...]   (from bin/tour)
"""
import os
import re
import shlex
import sys

from harness.transcript import ROOT
from harness.transcript import Session
from harness.transcript import commands

README = ROOT / "README.md"
PATH_HEADING = "## The path"
# The line of a part's page that activates the parts' virtualenv.
ACTIVATE = ". .local/venv/bin/activate"
# The parts' pinned releases (parts/*/requirements.txt; SQLAlchemy 2.1 first
# of all) need this Python; on an older system only Parts 1-3 run.
PARTS_PYTHON = (3, 11)


def part_pages():
    """The pages of Parts 4 and later: parts/N-subject/README.md, where a
    part is a folder of its own, else docs/N-subject.md."""
    pages = {}
    for page in sorted((ROOT / "docs").glob("[0-9]*-*.md")):
        pages[page.name.split("-", 1)[0]] = page
    for page in sorted((ROOT / "parts").glob("[0-9]*-*/README.md")):
        pages[page.parent.name.split("-", 1)[0]] = page
    return sorted(pages.values(), key=lambda p: int(
        (p.parent.name if p.name == "README.md" else p.name).split("-")[0]))


def parts():
    """{number: (title, page path, heading or None)}, in order."""
    found = {}
    inside = False
    for line in README.read_text("utf-8").split("\n"):
        if line.startswith("## "):
            inside = line == PATH_HEADING
        match = re.match(r"### Part (\d+): (.*)", line)
        if inside and match:
            found[int(match.group(1))] = (match.group(2), README, line)
    for page in part_pages():
        number = int(page.parent.name.split("-", 1)[0]
                     if page.name == "README.md" else
                     page.name.split("-", 1)[0])
        title = page.read_text("utf-8").split("\n", 1)[0].lstrip("# ")
        found[number] = (re.sub(r"^Part \d+: ", "", title), page, None)
    return dict(sorted(found.items()))


def available():
    """The parts this system runs: all, or Parts 1-3 on an old Python."""
    if sys.version_info >= PARTS_PYTHON:
        return parts()
    return {n: part for n, part in parts().items() if n <= 3}


def left_out():
    """One line saying which parts this system cannot run, or None."""
    missing = [n for n in parts() if n not in available()]
    if not missing:
        return None
    return ("Parts {}-{} need Python {}.{} or newer, and this system has"
            " {}.{}: they are left out here".format(
                missing[0], missing[-1], *PARTS_PYTHON,
                *sys.version_info[:2]))


def as_user(text):
    """The command with the docs' root/root login swapped for the real one.

    The docs show the project's own server, whose login is root/root; on a
    server of your own, bin/lib.sh exports MYSQL_USER and MYSQL_PWD.
    """
    user = os.environ.get("MYSQL_USER", "root")
    password = os.environ.get("MYSQL_PWD", "root")
    if (user, password) == ("root", "root"):
        return text
    text = text.replace(" root root ", ' "$MYSQL_USER" "$MYSQL_PWD" ')
    return text.replace("-uroot -proot", '-u"$MYSQL_USER" -p"$MYSQL_PWD"')


def activate(venv):
    """The page's virtualenv line, for the virtualenv ``venv`` instead."""
    return ". {}/bin/activate".format(shlex.quote(str(venv)))


def in_venv(text):
    """The command with the page's virtualenv swapped for $HBTN_VENV's.

    bin/matrix's parts leg tours the pages with a virtualenv of its own
    (other releases); the command prints the same either way.
    """
    venv = os.environ.get("HBTN_VENV")
    if not venv or text != ACTIVATE:
        return text
    return activate(venv)


def unshown(out):
    """What a command printed, as the page would show it on the releases
    it pins: each match of $HBTN_TOUR_UNSHOWN is replaced by the pattern's
    first group (or taken out, if it has none).

    bin/matrix's parts leg sets it to what an older release prints
    otherwise (SQLAlchemy 2.0's column labels); without it, out itself.
    """
    pattern = os.environ.get("HBTN_TOUR_UNSHOWN")
    if not pattern:
        return out
    return re.sub(pattern, lambda m: m.group(1) if m.re.groups else "",
                  out)


def write(data):
    """Show a chunk of a command's output at once."""
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def tour(numbers):
    """Run the chosen parts; return the commands that differed."""
    known = parts()
    wrong = []
    for number in numbers:
        title, page, heading = known[number]
        print("\n== Part {}: {} ({})".format(
            number, title, page.relative_to(ROOT)), flush=True)
        session = Session()
        try:
            for cmd in commands(page, heading):
                text = in_venv(as_user(cmd.text))
                print("\n$ " + text, flush=True)
                out, status = session.run(text, show=write)
                if (unshown(out), status) != (cmd.output, cmd.status):
                    wrong.append((cmd, status))
        finally:
            session.close()
    return wrong


def main(argv):
    """Check the part numbers, then list them or run them."""
    listing = argv[:1] == ["--list"]
    argv = argv[1:] if listing else argv
    known = parts()
    if not all(a.isdigit() and int(a) in known for a in argv):
        sys.exit("Usage: bin/tour [N ...]  (the parts: {})".format(
            " ".join(str(n) for n in known)))
    numbers = [int(a) for a in argv] or list(available())
    if not set(numbers) <= set(available()):
        sys.exit("Error: " + left_out())
    if listing and left_out() and not argv:
        print("==> " + left_out(), file=sys.stderr)
    if listing:
        print(" ".join(str(n) for n in numbers))
        return
    wrong = tour(numbers)
    if wrong:
        for cmd, status in wrong:
            print("tour: {}: $ {} printed (or exited with {}) other than"
                  " the docs show".format(cmd.where, cmd.text, status),
                  file=sys.stderr)
        sys.exit(1)
    print("\nEvery command printed exactly what the docs show.")


if __name__ == "__main__":
    main(sys.argv[1:])
