"""The package behind bin/check, which checks a student's own folder.

Each file present is run as a grader runs it, in a copy of the folder, as
a MySQL account that exists only for this run and may touch only this
run's throw-away databases; every class of check that applies to it
reports what failed, why (the cause its evidence shows: diagnose), and
what to do; advice the task does not ask for is a note, never a failure.
The parts: sandbox (the copy, the account, the databases, running a
script), the check classes (style, rules, output, hostile, queries,
injection, and the errors notes), diagnose, the report, the command line
(cli).  docs/check.md describes the command.
"""
