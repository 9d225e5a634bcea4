"""The rules class: what the task forbids, beyond the style.

No ``execute`` in a SQLAlchemy file (graders grep for it), the right
driver for each half of the path, nothing run on import (tried in the
sandbox, with every connection refused), model modules that only define
classes.
"""
import ast

from check.advice import do
from check.failure import Failure, last_error
from lesson.steps import DBAPI, MODELS, SQLALCHEMY

# Imports the file with every MySQLdb connection refused; exit status 3
# if it tried to connect.  Run with /usr/bin/python3 in the copy.
IMPORT_SNIPPET = r"""
import importlib.util
import sys

import MySQLdb
import MySQLdb._mysql
import MySQLdb.connections

attempts = []


def refuse(*args, **kwargs):
    attempts.append(args)
    raise RuntimeError("importing opened a database connection")


MySQLdb.connect = MySQLdb.Connect = MySQLdb.Connection = refuse
MySQLdb.connections.Connection.__init__ = refuse
MySQLdb._mysql.connect = refuse
path = sys.argv[1]
sys.path.insert(0, ".")
sys.argv = [path, "nobody", "not-a-password", "hbtn_no_such_db", "Texas"]
spec = importlib.util.spec_from_file_location("imported_step", path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
if attempts:
    sys.exit(3)
"""


def imported(tree):
    """The top-level package names a module imports, anywhere in it."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
    return found


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


def on_import(box, name):
    """The rules failure (or timeout) of importing ``name``, or None."""
    result = box.run(["/usr/bin/python3", "-c", IMPORT_SNIPPET, name],
                     env=dict(box.environment(), MYSQL_HOST="127.0.0.1",
                              MYSQL_TCP_PORT="9"))
    if result.timed_out:
        return Failure("timeout", "importing it (python3 -c 'import ...')"
                       " was still running after 30 s and was stopped",
                       do=do("timeout"))
    if result.status == 3 or result.stdout:
        what = ("opened a database connection" if result.status == 3
                else "printed {!r}".format(result.stdout.split("\n")[0]))
        return Failure("rules", "importing the file {}: its work does not"
                       " wait for __main__".format(what),
                       do=do("on import"))
    if result.status != 0:
        return Failure("rules", "importing the file failed: {}"
                       .format(last_error(result.stderr)),
                       do=do("on import"))
    return None
