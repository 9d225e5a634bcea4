"""The compatibility matrix's legs, read from legs.txt (as bin/matrix does).

table() writes them as the Markdown table of docs/compatibility.md.
"""
from collections import namedtuple
from pathlib import Path

Leg = namedtuple("Leg", "name python driver sqlalchemy requirements"
                        " environment stands_for")
FILE = Path(__file__).resolve().parent / "legs.txt"


def legs():
    """Every leg, in the file's order."""
    return [Leg(*[field.strip() for field in line.split("|")])
            for line in FILE.read_text("utf-8").split("\n")
            if line.strip() and not line.startswith("#")]


def table():
    """The legs as the Markdown table the docs show."""
    rows = ["| leg | stands for | Python | driver | SQLAlchemy |",
            "|---|---|---|---|---|"]
    for leg in legs():
        python = {"/usr/bin/python3": "`/usr/bin/python3`",
                  "parts": "the parts' virtualenv"}.get(leg.python,
                                                        leg.python)
        rows.append("| `{}` | {} | {} | {} | {} |".format(
            leg.name, leg.stands_for, python, leg.driver, leg.sqlalchemy))
    return "\n".join(rows)
