"""The report: one line per file, then the failures grouped by meaning.

The human report says, for each failure, its class, why, the first
differing line (expected / got) and what to do; the JSON report is one
object: {"ok", "missing", "steps": {file: {"ok", "failures": [{"check",
"why"}]}}}.  Neither shows timings, paths or passwords, so the same
folder always gives the same report.
"""
import json
import textwrap

from check.failure import GROUPS, shown
from lesson.steps import TASK_FILES


def ordered(results):
    """The files of ``results`` in the task's order."""
    return [name for name in TASK_FILES if name in results]


def as_json(results, missing):
    """The JSON report, as one line of text."""
    steps = {name: {"ok": not results[name],
                    "failures": [{"check": f.check, "why": f.why}
                                 for f in results[name]]}
             for name in ordered(results)}
    return json.dumps({"ok": not any(results.values()),
                       "missing": list(missing), "steps": steps},
                      ensure_ascii=False)


def wrap(text, indent):
    """A paragraph of the report, wrapped at 79 columns, indented."""
    return textwrap.fill(text, 79, initial_indent=indent,
                         subsequent_indent=indent + "    ",
                         break_long_words=False, break_on_hyphens=False)


def human(results, missing):
    """The human report, as text ending with a newline."""
    names = ordered(results)
    failing = [n for n in names if results[n]]
    out = ["{} of {} files hold{}.".format(
        len(names) - len(failing), len(names),
        "" if failing else ": nothing to fix")]
    out.extend("{} {}".format("\u2717" if results[n] else "\u2713", n)
               for n in names)
    if missing:
        out.append(wrap("missing (not checked): " + ", ".join(missing),
                        ""))
    for title, classes in GROUPS:
        found = [(n, f) for n in failing for f in results[n]
                 if f.check in classes]
        if not found:
            continue
        out.extend(["", title + ":"])
        for name, failure in found:
            out.append(wrap("{} [{}] {}".format(name, failure.check,
                                                failure.why), "  "))
            if failure.expected is not None or failure.got is not None:
                out.append("    expected: " + shown(failure.expected))
                out.append("    got:      " + shown(failure.got))
            out.append(wrap("what to do: " + failure.do, "    "))
    return "\n".join(out) + "\n"
