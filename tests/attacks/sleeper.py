#!/usr/bin/python3
"""An attack on the checker's time (placed as step 5): every run sleeps
just under the time limit of one run (target.json gives it), then does
what the task asks of a run with an argument missing."""
import json
import sys
import time

import MySQLdb  # a step of the DB-API part, as the rules want

if __name__ == "__main__":
    with open("/notes/sleeper.txt", "a") as notes:
        notes.write("run\n")
    time.sleep(json.load(open("target.json"))["sleep"])
    if len(sys.argv) != 5:
        sys.exit("Usage: ./5-filter_cities.py user password database name")
