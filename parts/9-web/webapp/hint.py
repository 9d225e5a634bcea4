"""The project's one-line error messages (hints.py, at its root), here.

Every step of the collection ends with one line from hints.explain() when
the server or the driver refuses something; the part's steps and its
server use the same function.  The project's root is on the import path
of the parts' virtualenv (setup writes a .pth file there).
"""
import hints

explain = hints.explain
