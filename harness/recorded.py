"""A part's page run as bin/tour runs it, what its steps sent recorded.

A part's test (parts/6-databases, parts/10-async) runs every command of
its page here, in bash sessions (harness/transcript.py) as bin/tour runs
it, so bin/tour need not run the page again: the page's other commands
in one session, in page order, and its step commands, in page order too,
in a session per database, the three at once.  Two more differences,
both for the test to see more, neither changing what a command prints:

- a step command's stdout and stderr come apart (the page shows them
  together), and the recorder (harness/record/sitecustomize.py, which
  the session's python loads) writes what the step sent to a file of
  its own;
- the names of what the page makes (a database, a file, a port) are the
  test's own: ``swapped`` below, each swap found on the page or failing.
"""
import json
from collections import namedtuple
from concurrent.futures import ThreadPoolExecutor

from harness.tour import ACTIVATE
from harness.tour import activate
from harness.tour import as_user
from harness.transcript import ROOT, Session, commands, environment

RECORDER = ROOT / "harness" / "record"

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
    setup = [(ACTIVATE, activate(venv))] + list(setup)
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


def run_page(page, is_step, swapped, folder, lane, **env):
    """Run every command of ``page`` as bin/tour would: [Ran of each].

    The other commands run in one session, in page order.  The step
    commands (contiguous on the page) run in a session per ``lane`` (a
    function of a step's command line: its database), each after the
    page's setup lines and in page order, the lanes at once: they share
    nothing but the machine.  ``folder`` holds the recorder's files and
    each step's stderr; ``env`` goes to the sessions
    (HBTN_RECORD_CONNECTIONS="1" has the recorder count the connections
    a step left).  Each command runs as bin/tour runs it
    (harness.tour.as_user), once swapped.
    """
    cmds = commands(page)
    at = [n for n, c in enumerate(cmds) if is_step(c.text)]
    assert at == list(range(at[0], at[-1] + 1)), "steps apart on " + str(
        page)
    lanes = {lane(cmds[n].text): [] for n in at}
    for n in at:
        lanes[lane(cmds[n].text)].append(n)
    setup = list(range(at[0]))

    sessions = {}

    def run_in(name, numbers):
        """Run these commands in session ``name``: {number: Ran}."""
        record = folder / "record-{}.jsonl".format(name)
        stderr = folder / "stderr-{}".format(name)
        if name not in sessions:
            record.touch()
            sessions[name] = Session(dict(
                environment(), HBTN_RECORD=str(record),
                PYTHONPATH=str(RECORDER), **env))
        ran = {}
        with record.open(encoding="utf-8") as records:
            records.read()
            for number in numbers:
                cmd = cmds[number]
                text = as_user(swapped(number, cmd)[0])
                if is_step(cmd.text):
                    out, status = sessions[name].run(text, stderr=stderr)
                    ran[number] = Ran(
                        cmd, out, stderr.read_text("utf-8"), status,
                        [json.loads(line) for line in records])
                else:
                    out, status = sessions[name].run(text)
                    records.read()
                    ran[number] = Ran(cmd, out, None, status, None)
        return ran

    try:
        ran = run_in("page", setup)
        # Every lane's setup lines first (one removes the SQLite file).
        for name in lanes:
            got = run_in(name, setup)
            assert [(got[n].out, got[n].status) for n in setup] == [
                (swapped(n, cmds[n])[1], cmds[n].status) for n in setup]
        with ThreadPoolExecutor(len(lanes)) as pool:
            for name, got in zip(lanes, pool.map(
                    lambda name: run_in(name, lanes[name]), lanes)):
                ran.update(got)
        ran.update(run_in("page", range(at[-1] + 1, len(cmds))))
    finally:
        for session in sessions.values():
            session.close()
    return [ran[n] for n in range(len(cmds))]
