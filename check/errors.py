"""The errors class: a missing argument ends in one line, not a traceback.

The step runs with its last argument left out (the database name, or the
state name for steps 2, 3, 5 and 10): it must exit non-zero with one line
on stderr and nothing on stdout.
"""
from check.advice import do
from check.failure import Failure, last_error
from check.judge import timeout
from lesson.steps import NAMED


def check(box, script):
    """The errors failure (or timeout) of ``script``, as a list."""
    args = list(box.login(script)) + ["hbtn_no_such_db", "Texas"]
    args = args[:3] if script in NAMED else args[:2]
    shown = "./{} USER PASSWORD{}".format(
        script, " DATABASE" if script in NAMED else "")
    result = box.run(box.command(script) + args)
    if result.timed_out:
        return [timeout(shown)]
    err = result.stderr
    why = None
    if "Traceback" in err:
        why = "it printed a traceback: {}".format(last_error(err))
    elif result.status == 0:
        why = "it exited with status 0"
    elif result.stdout:
        why = "it printed {!r} on stdout".format(
            result.stdout.split("\n")[0][:80])
    elif not err.strip() or err.strip().count("\n"):
        why = "it printed {} lines on stderr, not one".format(
            len(err.strip().split("\n")) if err.strip() else 0)
    if why is None:
        return []
    return [Failure("errors", "with an argument missing ({}), {}".format(
        shown, why), do=do("errors"))]
