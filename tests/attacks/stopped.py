#!/usr/bin/python3
"""A script that says it started, then sleeps: bin/check is stopped
(SIGTERM) meanwhile, and nothing of the run must be left."""
import json
import time

if __name__ == "__main__":
    open("/notes/started", "w").close()
    time.sleep(json.load(open("target.json"))["sleep"])
