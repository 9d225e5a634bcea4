"""The report: one line per file, then the failures grouped by meaning.

The human report says, for each failure, its class, why, the first
differing line (expected / got) and what to do, under the heading of
whose rule it breaks (the school's checker, or the task's text); then
the advice, each note once with the files it concerns.  The JSON report
is one object, described in docs/check.md ("The JSON report").  Neither
shows timings, paths or passwords, so the same folder always gives the
same report.
"""
import json
import textwrap

from check.failure import GROUPS, rule, shown
from lesson.steps import TASK_FILES

ADVICE = ("Advice (neither the school's checker nor the task asks for"
          " it; no file fails for it)")


def ordered(results):
    """The files of ``results`` in the task's order."""
    return [name for name in TASK_FILES if name in results]


def notes_of(results):
    """The folder's notes: [(note, [files])], each note once."""
    found = {}
    for name in ordered(results):
        for note in getattr(results, "notes", {}).get(name, []):
            found.setdefault(note, []).append(name)
    return list(found.items())


def failure_entry(failure):
    """One failure as the JSON report holds it."""
    entry = {"check": failure.check, "rule": rule(failure.check),
             "why": failure.why, "advice": failure.do}
    if failure.command is not None:
        entry["command"] = failure.command
    if failure.expected is not None or failure.got is not None:
        entry["expected"] = failure.expected
        entry["got"] = failure.got
    return entry


def as_json(results, missing):
    """The JSON report, as one line of text."""
    steps = {name: {"ok": not results[name],
                    "failures": [failure_entry(f) for f in results[name]]}
             for name in ordered(results)}
    notes = [{"check": note.check, "why": note.why, "advice": note.do,
              "files": files} for note, files in notes_of(results)]
    misnamed = [{"file": name, "meant": meant}
                for name, meant in getattr(results, "misnamed", [])]
    return json.dumps({"ok": not any(results.values()),
                       "missing": list(missing), "misnamed": misnamed,
                       "steps": steps, "notes": notes},
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
    for name, meant in getattr(results, "misnamed", []):
        out.append(wrap("not checked: {}: did you mean {}?".format(
            name, meant), ""))
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
    notes = notes_of(results)
    if notes:
        out.extend(["", wrap(ADVICE + ":", "")])
    for note, files in notes:
        out.append(wrap("[{}] {}: {}".format(note.check, note.why,
                                             ", ".join(files)), "  "))
        out.append(wrap("what to do: " + note.do, "    "))
    return "\n".join(out) + "\n"
