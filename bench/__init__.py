"""The benchmark: the read steps at scale, against the mysql client.

A small package of named parts, run as ``bench/run`` (``python3 -m
bench``): build.py makes the databases, measure.py times and counts the
steps (through runner.py, which forks them, and against floor.py for the
ORM), report.py writes results.md, results.json and the plot, and
records.py holds the named records they pass each other.  bench/README.md
says what it measures and what it found.
"""
