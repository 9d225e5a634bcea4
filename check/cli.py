"""The command line: bin/check [--json | --class | --gradescope] DIR.

Exit status 0 when every task file present in DIR holds, 1 when any
fails, 2 for a usage or setup error (one line on stderr), 130 or 143
when stopped by SIGINT or SIGTERM (everything of the run removed first).
With --json, stdout holds exactly one JSON object and nothing else.
--class and --gradescope (check/modes.py) exit 0 when the run worked,
whatever the students' results.
"""
import os
import signal
import sys
from pathlib import Path

USAGE = "usage: bin/check [--json | --class | --gradescope] DIR"
MODES = ("--json", "--class", "--gradescope")
HELP = USAGE + """

  DIR                one student's folder: a report of each task file
  --json DIR         the same report as one JSON object
  --class DIR        every folder of DIR, one per student: a class
                     report as JSON, CSV and an HTML page, written in DIR
  --gradescope DIR   a submission: Gradescope's results.json (and,
                     outside Gradescope, an autograder bundle)

docs/check.md says what each check means."""
STOPPED = {signal.SIGINT: 130, signal.SIGTERM: 143}


def parse(argv):
    """Read the arguments: ((mode, folder), None), or (None, error).

    ``mode`` is one of MODES, or None for the human report.
    """
    mode = argv[0] if argv and argv[0] in MODES else None
    rest = argv[1:] if mode else argv
    if len(rest) != 1 or rest[0].startswith("-"):
        return None, USAGE
    if not Path(rest[0]).is_dir():
        return None, "bin/check: {} is not a folder".format(rest[0])
    return (mode, Path(rest[0])), None


def fail(line):
    """Print one line on stderr; return the usage/setup exit status."""
    print(line, file=sys.stderr)
    return 2


def on_signal():
    """A handler that stops the run at once: scripts, server, folder.

    The worker threads may be anywhere; the handler removes everything
    itself and leaves with os._exit, so nothing waits for them.
    """
    def stop(number, frame):
        """Remove the run's server, scripts and copy; exit 130 or 143."""
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        from check.sandbox import LIVE
        for box in list(LIVE):
            box.close()
        print("bin/check: stopped by {}; nothing of the run is left".format(
            signal.Signals(number).name), file=sys.stderr)
        sys.stderr.flush()
        os._exit(STOPPED[number])
    return stop


def refused(box):
    """The failures of task files that could not be copied, by name."""
    from check.failure import Failure
    for name, why in box.skipped:
        print("bin/check: not copied: {} {}".format(name, why),
              file=sys.stderr)
    return {name: [Failure("style", why, do="Give bin/check the file"
                           " itself: a regular file of the folder that"
                           " you may read, of at most 1 MiB.")]
            for name, why in box.refused.items()}


def main(argv):
    """Check the folder named in ``argv``; return the exit status."""
    if argv in (["--help"], ["-h"]):
        print(HELP)
        return 0
    parsed, error = parse(argv)
    if error:
        return fail(error)
    mode, folder = parsed
    if mode in ("--class", "--gradescope"):
        from check import modes
        return modes.main(mode, folder.resolve())
    for number in STOPPED:
        signal.signal(number, on_signal())
    try:
        from check import report, run
        from check.dbserver import ServerError
        from check.process import SandboxError
        from check.sandbox import Sandbox
        from harness.server import MySQLdb
        from lesson.steps import TASK_FILES
    except ImportError as error:
        return fail("bin/check: setup is incomplete: {}".format(error))
    try:
        box = Sandbox(folder, os.environ.get("HBTN_CHECK_NOTES"))
    except OSError as error:
        return fail("bin/check: cannot copy {}: {}".format(
            folder, error.strerror or error))
    except (ServerError, SandboxError) as error:
        return fail("bin/check: {}".format(error))
    except MySQLdb.Error as error:
        return fail("bin/check: the disposable server failed: {}".format(
            error.args[-1]))
    try:
        named = refused(box)
        if not box.present and not named:
            return fail("bin/check: {} holds none of the task's files"
                        .format(folder))
        # check_folder's verdicts carry the notes and misnamed files too.
        results = run.check_folder(box)
        results.update(named)
    except MySQLdb.Error as error:
        return fail("bin/check: the server failed during the check: {}"
                    .format(error.args[-1]))
    finally:
        box.close()
    missing = [n for n in TASK_FILES if n not in results]
    if mode == "--json":
        sys.stdout.write(report.as_json(results, missing) + "\n")
    else:
        sys.stdout.write(report.human(results, missing))
    return 1 if any(results.values()) else 0
