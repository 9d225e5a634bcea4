"""The errors class: a missing argument, ending in one line or not.

The step runs with its last argument left out (the database name, or the
state name for steps 2, 3, 5 and 10).  The task does not ask a script to
handle that, so this is advice (a note), never a failure: one usage line
on stderr and a non-zero exit, no traceback, is what a careful script
does.
"""
from check.advice import do
from check.failure import Note
from check.judge import timeout
from lesson.steps import NAMED


def check(box, script):
    """The errors notes of ``script``, or its timeout, as a list."""
    args = list(box.login(script)) + ["hbtn_no_such_db", "Texas"]
    args = args[:3] if script in NAMED else args[:2]
    result = box.run(box.command(script) + args)
    if result.timed_out:
        # Still running after 30 s: a failure on any input, reported
        # once; the checks that run it again are skipped.
        return [timeout("./{} USER PASSWORD{}".format(
            script, " DATABASE" if script in NAMED else ""))]
    err = result.stderr
    why = None
    if "Traceback" in err:
        why = "it ends in a traceback"
    elif result.status == 0:
        why = "it exits with status 0"
    elif result.stdout:
        why = "it prints on stdout"
    elif not err.strip() or err.strip().count("\n"):
        why = "it does not print exactly one line on stderr"
    if why is None:
        return []
    return [Note("errors", "with an argument missing, " + why,
                 do("errors"))]
