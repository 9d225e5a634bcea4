"""A part's page run as bin/tour runs it, what its steps sent recorded.

A part's test (parts/6-databases, parts/10-async) runs every command of
its page here, in page order, in one bash session (harness/transcript.py),
so bin/tour need not run the page again.  Two differences, both for the
test to see more, neither changing what a command prints:

- a step command's stdout and stderr come apart (the page shows them
  together), and the recorder (harness/record/sitecustomize.py, which
  the session's python loads) writes what the step sent to a file of
  its own;
- the names of what the page makes (a database, a file, a port) are the
  test's own: ``swapped`` below, each swap found on the page or failing.
"""
import json
import shlex
from collections import namedtuple

from harness.tour import as_user
from harness.transcript import ROOT, Session, commands, environment

RECORDER = ROOT / "harness" / "record"
ACTIVATE = ". .local/venv/bin/activate"

# What one command of the page did: for a step command, its stdout, its
# stderr and the recorder's lines (one per python process it started);
# for the others, what they printed (stdout and stderr together, as on
# the page), and None, None.
Ran = namedtuple("Ran", "cmd out err status records")


def swapper(page, is_step, venv, setup, everywhere):
    """A function (number, Command) -> (command line, output shown).

    In the setup lines (the commands before the first step command), each
    (old, new) of ``setup`` is swapped in the command; in every command
    and output, each of ``everywhere``; and the page's virtualenv line
    names ``venv`` (bin/matrix's own, in its parts leg).
    """
    cmds = commands(page)
    first = [bool(is_step(c.text)) for c in cmds].index(True)
    before = "\n".join(c.text for c in cmds[:first])
    setup = [(ACTIVATE, ". {}/bin/activate".format(shlex.quote(str(
        venv))))] + list(setup)
    missing = [old for old, _ in setup if old not in before] + [
        old for old, _ in everywhere
        if old not in "\n".join(c.text for c in cmds)]
    assert not missing, "not on {}: {}".format(page, missing)

    def swapped(number, cmd):
        text, output = cmd.text, cmd.output
        for old, new in setup if number < first else []:
            text = text.replace(old, new)
        for old, new in everywhere:
            text, output = text.replace(old, new), output.replace(old, new)
        return text, output
    return swapped


def run_page(page, is_step, swapped, folder, **env):
    """Run every command of ``page`` in one session: [Ran of each].

    ``folder`` holds the recorder's file and each step's stderr; ``env``
    goes to the session (HBTN_RECORD_CONNECTIONS="1" has the recorder
    count the connections a step left).  The commands run as bin/tour
    runs them (harness.tour.as_user), once swapped.
    """
    record, stderr = folder / "record.jsonl", folder / "stderr"
    record.touch()
    session = Session(dict(environment(), HBTN_RECORD=str(record),
                           PYTHONPATH=str(RECORDER), **env))
    ran = []
    try:
        with record.open(encoding="utf-8") as records:
            for number, cmd in enumerate(commands(page)):
                text = as_user(swapped(number, cmd)[0])
                if is_step(cmd.text):
                    out, status = session.run(text, stderr=stderr)
                    ran.append(Ran(cmd, out, stderr.read_text("utf-8"),
                                   status, [json.loads(line) for line
                                            in records.readlines()]))
                else:
                    out, status = session.run(text)
                    records.read()
                    ran.append(Ran(cmd, out, None, status, None))
    finally:
        session.close()
    return ran
