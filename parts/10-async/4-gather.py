#!/usr/bin/env python3
"""Step 4: concurrency that pays: many lookups that wait, gathered.

Each lookup asks the server for a state's name and has it wait 0.05 s
first (SLEEP on MariaDB, pg_sleep on PostgreSQL), as a slow query or a
far server would.  Fifty of them in sequence wait fifty times; gathered
with asyncio.gather() on a pool of ten connections, ten wait at once,
and the event loop runs the others' code meanwhile.  The step prints
whether gathering was at least twice as fast; --times adds the measured
seconds on stderr.

Usage: ./4-gather.py URL [--times]
"""
import asyncio
import time

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

import kit
from models import State

LOOKUPS = 50
DELAY = 0.05
# The server's own way to wait; SQLite has no server to wait on.
SLEEP = {"mysql": func.sleep, "postgresql": func.pg_sleep}


async def lookup(engine, state_id):
    """One state's name, after the server waited DELAY seconds."""
    wait = SLEEP[engine.dialect.name](DELAY)
    async with engine.connect() as conn:
        row = (await conn.execute(
            select(State.name, wait).where(State.id == state_id))).one()
    return row.name


async def main(url, times=None):
    """Time LOOKUPS lookups in sequence, then gathered; compare."""
    kit.servers_only(url, "step 4 needs a server that waits")
    engine = create_async_engine(url, pool_size=10, max_overflow=0)
    try:
        await kit.ready(engine)
        ids = [1 + n % 5 for n in range(LOOKUPS)]
        # The pool's ten connections opened first: both runs time lookups.
        await asyncio.gather(*(lookup(engine, i) for i in ids[:10]))
        start = time.perf_counter()
        one_by_one = [await lookup(engine, i) for i in ids]
        middle = time.perf_counter()
        gathered = await asyncio.gather(*(lookup(engine, i) for i in ids))
        end = time.perf_counter()
    finally:
        await engine.dispose()
    print("{} lookups, each waiting {} s on the server".format(
        LOOKUPS, DELAY))
    print("the same names both ways:", kit.yes(one_by_one == gathered))
    print("gathered at least twice as fast:",
          kit.yes(middle - start >= 2 * (end - middle)))
    kit.times(times, middle - start, end - middle)


if __name__ == "__main__":
    kit.run(main, "URL [--times]")
