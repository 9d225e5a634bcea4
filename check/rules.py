"""The rules class: what the task forbids, beyond the style.

No ``execute`` in a SQLAlchemy file (graders grep for it), the right
driver for each half of the path, nothing run on import (tried in the
sandbox, with every connection refused), model modules that only define
classes.
"""
import ast
import re

from check.advice import do
from check.failure import Failure, last_error
from check.process import INSIDE
from lesson.rules import IMPORT_PROBE
from lesson.rules import imported
from lesson.steps import DBAPI, MODELS, SQLALCHEMY

# A traceback's frame: the file and the line.
FRAME = re.compile(r'File "([^"]+)", line (\d+)')
REFUSED = "importing opened a database connection"


def model_statements(tree):
    """The top-level statements of a model that are not definitions."""
    extra = []
    for node in tree.body[1:]:
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.ClassDef)):
            continue
        if isinstance(node, ast.Assign) and [
                getattr(t, "id", None) for t in node.targets] == ["Base"]:
            continue
        extra.append(node.lineno)
    return extra


def rules(path, tree):
    """The rules failures of a file, from its text and its syntax tree."""
    name = path.name
    text = path.read_text("utf-8", "replace")
    found = []
    if name in SQLALCHEMY and "execute" in text.lower():
        line = next(n for n, t in enumerate(text.split("\n"), 1)
                    if "execute" in t.lower())
        found.append(Failure("rules", "the word execute is on line {}"
                             " (graders reject it anywhere in a SQLAlchemy"
                             " file, even in a comment)".format(line),
                             do=do("execute")))
    if tree is None:
        return found
    modules = imported(tree)
    if name in DBAPI and ("MySQLdb" not in modules or
                          "sqlalchemy" in modules):
        found.append(Failure("rules", "steps 0 to 5 must use MySQLdb"
                             " (and not SQLAlchemy)", do=do("driver")))
    if name in SQLALCHEMY and ("sqlalchemy" not in modules or
                               "MySQLdb" in modules):
        found.append(Failure("rules", "steps 6 and later and the models"
                             " must use SQLAlchemy (and not MySQLdb"
                             " directly)", do=do("driver")))
    if name in MODELS and model_statements(tree):
        found.append(Failure("rules", "line {} of the model runs code; a"
                             " model module only defines classes (and"
                             " Base)".format(model_statements(tree)[0]),
                             do=do("model code")))
    return found


def where(stderr, folder):
    """The last frame of a traceback in one of the folder's files."""
    # Inside the sandbox the copy of the folder is at INSIDE.
    frames = [(path, line) for path, line in FRAME.findall(stderr)
              if path.startswith((str(folder), INSIDE + "/", "./", "/tmp"))
              or "/" not in path]
    if not frames:
        return ""
    path, line = frames[-1]
    return "{} line {}: ".format(path.rsplit("/", 1)[-1], line)


def on_import(box, name):
    """The failure (or timeout) of importing ``name``, or None.

    Work that starts on import is a rules failure; an import that fails
    before any work (a module that is not there, a name it does not
    define, a model that cannot be read) means the file cannot start:
    one failure, with the line, and the checks that run it are skipped.
    """
    result = box.run(["/usr/bin/python3", "-c", IMPORT_PROBE, name],
                     env=dict(box.environment(), MYSQL_HOST="127.0.0.1",
                              MYSQL_TCP_PORT="9"))
    if result.timed_out:
        return Failure("timeout", "importing it (python3 -c 'import ...')"
                       " was still running after 30 s and was stopped",
                       do=do("timeout"), cause="timeout")
    if result.status == 3 or result.stdout or REFUSED in result.stderr:
        what = ("printed {!r}".format(result.stdout.split("\n")[0])
                if result.stdout and result.status != 3
                else "opened a database connection")
        return Failure("rules", "importing the file {}: its work does not"
                       " wait for __main__".format(what),
                       do=do("on import"))
    if result.status != 0:
        return Failure("output", "it cannot start: importing it stops at"
                       " {}{} (the checks that run it were skipped)"
                       .format(where(result.stderr, box.folder),
                               last_error(result.stderr)),
                       do=do("cannot import", name),
                       cause="cannot start")
    return None
