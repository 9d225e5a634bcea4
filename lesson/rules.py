"""The task's rules that are read off a file, shared by the tests and check.

docs/steps.md ("Rules every file keeps") says them in words.
"""
import ast

# Imports a file with every MySQLdb connection refused; exit status 3 if
# it tried to connect.  Run as: python3 -c IMPORT_PROBE PATH, in the
# folder whose models and hints.py the file imports (-c puts the current
# folder first on the import path).
IMPORT_PROBE = r"""
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
sys.argv = [path, "nobody", "not-a-password", "hbtn_no_such_db", "Texas"]
spec = importlib.util.spec_from_file_location("imported_step", path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
if attempts:
    sys.exit(3)
"""


def real_sentence(doc):
    """Whether a docstring opens with a real sentence ending in a period."""
    if not doc:
        return False
    summary = " ".join(doc.strip().split("\n\n")[0].split())
    return (summary.endswith(".") and len(summary.split()) >= 4
            and summary[0].isupper() and not summary.startswith("TODO"))


def imported(tree):
    """The top-level package names a module imports, anywhere in it."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
    return found
