"""The package behind bin/check, which checks a student's own folder.

Each file present is run as a grader runs it, in a copy of the folder,
under bubblewrap, against a MariaDB started for this run alone, as a
MySQL account of its own that may touch only the databases made for its
checks; every class of check that applies to it reports what failed,
why (the cause its evidence shows: diagnose), and what to do; advice the
task does not ask for is a note, never a failure.  The parts: files (the
copy), sandbox (the accounts, the databases, running a script), dbserver
(the disposable server), process (the bubblewrap sandbox and its
limits), the check classes (style, rules, output, hostile, queries,
injection, and the errors notes), diagnose, the report, the command line
(cli).  docs/check.md describes the command.
"""
