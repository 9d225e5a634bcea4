"""The project's one-line error messages (hints.py, at its root), here.

Every step of the collection ends with one line from hints.explain() when
the server or the driver refuses something; the part's steps and its
server use the same function, loaded from the project's root by path
because parts/9-web is not where Python looks for modules.
"""
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def load_hints():
    """Load and return the project's hints module from its root."""
    spec = importlib.util.spec_from_file_location("hints", ROOT / "hints.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HINTS = {1146: "this database has no tables of the web application yet:"
               " make them with parts/9-web/0-reset_database.py (same"
               " login and database), then run bin/web again"}


def explain(error, _explain=load_hints().explain):
    """The project's line, with the part's own fix for a missing table."""
    return _explain(error, HINTS)
