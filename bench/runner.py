#!/usr/bin/python3
"""Run commands for bench/measure.py; report their wall time and memory.

A child's max RSS (ru_maxrss) starts at the RSS of the process that forked
it, so the benchmark, which holds results, does not fork the measured
processes itself: this small process does, for each command it reads.

Protocol: one JSON list (argv) per line on stdin; one JSON object per line
on stdout: seconds (wall), cpu (user + system seconds), maxrss (bytes),
returncode, stderr.
"""
import json
import os
import subprocess
import sys
import time

if __name__ == "__main__":
    for line in sys.stdin:
        argv = json.loads(line)
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.stderr.close()
        print(json.dumps(dict(seconds=seconds,
                              cpu=usage.ru_utime + usage.ru_stime,
                              maxrss=usage.ru_maxrss * 1024,
                              returncode=os.waitstatus_to_exitcode(status),
                              stderr=err.decode("utf-8", "replace"))),
              flush=True)
