#!/usr/bin/env python3
"""Step 5: concurrency that does not pay: work that never waits.

Each task looks a state up, then counts in Python for a while.  The
lookups can overlap, but the counting holds the one thread the event
loop has: a task that never awaits is never paused, so gathered tasks
count one after the other: the gathered run can never be shorter than
its countings added up, however busy the machine is.  Only the lookups
overlap.  Work for the processor wants processes (concurrent.futures),
not asyncio.

Usage: ./5-cpu_bound.py URL [--times]
"""
import asyncio
import time

from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

import kit
from models import State

TASKS = 4
ROUNDS = 400_000


def count(name):
    """Count, for ROUNDS rounds, with no await: the processor's work."""
    total = 0
    for n in range(ROUNDS):
        total += n * len(name) % 7
    return total


async def task(engine, state_id, log):
    """Look one state up, then count; log when the counting ran."""
    async with engine.connect() as conn:
        name = await conn.scalar(
            select(State.name).where(State.id == state_id))
    start = time.perf_counter()
    total = count(name)
    log.append((start, time.perf_counter()))
    return total


async def main(url, times=None):
    """Run TASKS tasks in sequence, then gathered; compare."""
    engine = create_async_engine(url)
    try:
        await kit.ready(engine)
        ids = range(1, TASKS + 1)
        log = []
        start = time.perf_counter()
        one_by_one = [await task(engine, i, []) for i in ids]
        middle = time.perf_counter()
        gathered = await asyncio.gather(*(task(engine, i, log)
                                          for i in ids))
        end = time.perf_counter()
    finally:
        await engine.dispose()
    log.sort()
    counting = sum(stop - begin for begin, stop in log)
    print("{} tasks, each a lookup, then counting in Python".format(TASKS))
    print("the same results both ways:", kit.yes(one_by_one == gathered))
    # Each counting ended before the next began: nothing ran in between.
    print("gathered, the countings ran one at a time:", kit.yes(all(
        stop <= begin for (_, stop), (begin, _) in zip(log, log[1:]))))
    print("gathered, no shorter than its countings added up:",
          kit.yes(end - middle >= counting))
    kit.times(times, middle - start, end - middle, counting)

if __name__ == "__main__":
    kit.run(main, "URL [--times]")
