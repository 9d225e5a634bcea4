"""The one-line error messages of the web application.

Every step of the collection ends with one line from hints.explain() when
the server or the driver refuses something; the part's steps and its
server use the same function.  The project's root is on the import path
of the parts' virtualenv (setup writes a .pth file there).
"""
import hints

HINTS = {1146: "this database has no tables of the web application yet:"
               " make them with parts/9-web/0-reset_database.py (same"
               " login and database), then run bin/web again"}


def explain(error):
    """The project's line, with the part's own fix for a missing table."""
    return hints.explain(error, HINTS)
