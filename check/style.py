"""The style class: what graders check in the text of the file.

The exact shebang, the run bit, a final newline, no CR, clean pycodestyle
(default settings, no configuration file read) and a docstring on the
module and on every class and function.  A docstring shorter than a real
sentence is advice (a note), not a failure: the school asks for
documentation, not for four words.  A file Python cannot read fails once,
with the line, and the checks that need it to run are skipped.
"""
import ast
import os
import stat

import pycodestyle

from check.advice import do
from check.failure import Failure, Note
from lesson.rules import real_sentence
from lesson.steps import SHEBANG


class FirstError(pycodestyle.BaseReport):
    """A pycodestyle report that keeps its findings as text lines."""

    def __init__(self, options):
        """Start with no findings."""
        super().__init__(options)
        self.found = []

    def error(self, line_number, offset, text, check):
        """Keep one finding, as "line N: E501 line too long"."""
        code = super().error(line_number, offset, text, check)
        if code:
            self.found.append("line {}: {}".format(line_number, text))
        return code


def pycodestyle_findings(path):
    """What pycodestyle with its default settings says about ``path``."""
    guide = pycodestyle.StyleGuide(quiet=True, reporter=FirstError)
    report = guide.check_files([str(path)])
    return report.found


def docstrings(tree):
    """Each (name, docstring) of the module, its classes and functions."""
    found = [("module", ast.get_docstring(tree))]
    for node in ast.walk(tree):
        if isinstance(node, (ast.ClassDef, ast.FunctionDef,
                             ast.AsyncFunctionDef)):
            found.append((node.name, ast.get_docstring(node)))
    return found


def missing_docstrings(tree):
    """The names (module, classes, functions) without any docstring."""
    return [name for name, doc in docstrings(tree)
            if not (doc or "").strip()]


def notes(tree):
    """The advice about a readable file's text: short docstrings."""
    if tree is None:
        return []
    short = [name for name, doc in docstrings(tree)
             if (doc or "").strip() and not real_sentence(doc)]
    if not short:
        return []
    return [Note("style", "a docstring is shorter than a sentence (a"
                 " capital, four words or more, a full stop)",
                 do("docstring"))]


def unreadable(name, error):
    """The one failure of a file Python cannot read: it cannot start."""
    where = "line {}: ".format(error.lineno) if getattr(
        error, "lineno", None) else ""
    message = getattr(error, "msg", None) or str(error)
    return Failure("output", "it cannot start: Python cannot read it:"
                   " {}{}: {} (the checks that run it were skipped)"
                   .format(where, type(error).__name__, message),
                   do=do("syntax", name), cause="cannot start")


STARTS = (" (graders cannot start it as ./{name}; the other checks ran"
          " it with /usr/bin/python3)")


def style(path):
    """The style failures of the file at ``path``.

    The first one that stops ./file from starting says so.
    """
    data = path.read_bytes()
    name = path.name
    found = []
    first = data.split(b"\n", 1)[0]
    if first.rstrip(b"\r") != SHEBANG.encode():
        found.append(Failure("style", "the first line is {!r}, not {}"
                             .format(first.decode("utf-8", "replace")[:60],
                                     SHEBANG), SHEBANG,
                             first.decode("utf-8", "replace"),
                             do("shebang")))
    if not os.stat(str(path)).st_mode & stat.S_IXUSR:
        found.append(Failure("style", "the file is not executable (no run"
                             " bit)", do=do("run bit", name)))
    if b"\r" in data:
        found.append(Failure("style", "the file has CR characters (Windows"
                             " line endings)", do=do("crlf", name)))
    if not data.endswith(b"\n"):
        found.append(Failure("style", "the file does not end with a"
                             " newline", do=do("newline")))
    starts = (data.startswith(SHEBANG.encode() + b"\n")
              and os.access(str(path), os.X_OK))
    if found and not starts and name.split("-", 1)[0].isdigit():
        first = found[0]
        found[0] = first._replace(why=first.why + STARTS.format(name=name))
    try:
        tree = ast.parse(data.decode("utf-8"), filename=name)
    except (SyntaxError, UnicodeDecodeError, ValueError) as error:
        # pycodestyle would only name the same fault again.
        return found + [unreadable(name, error)], None
    except (RecursionError, MemoryError):
        # An expression of 300,000 terms: the parser's own limit.
        return found + [Failure(
            "style", "Python cannot read the file: it is too deeply"
            " nested to parse", do=do("syntax", name),
            cause="cannot start")], None
    findings = pycodestyle_findings(path)
    if findings:
        found.append(Failure("style", "pycodestyle: {} ({} in all)".format(
            findings[0], len(findings)), do=do("pycodestyle", name)))
    missing = missing_docstrings(tree)
    if missing:
        found.append(Failure("style", "no docstring: {}"
                             .format(", ".join(missing)),
                             do=do("docstring")))
    return found, tree
