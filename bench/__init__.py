"""The benchmark: the read steps at scale, against the mysql client.

A small package of named parts, run as ``bench/run`` (``python3 -m
bench``, __main__.py): build.py makes the databases; measure.py counts,
checks and times the steps, which runs.py runs (the timed ones through
runner.py, a small process that forks them; floor.py is an ORM step's
floor); targets.py judges the targets; report.py writes results.md,
results.json, the plot and bench/README.md's summary; records.py holds
the named records they pass each other.  bench/README.md says what it
measures and what it found.
"""
