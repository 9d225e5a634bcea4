#!/usr/bin/env python3
"""Step 7: a session per task: each task opens and closes its own.

The fix for step 6: the engine (its pool) is what tasks share, and each
task makes its own AsyncSession, which borrows a connection of its own
and gives it back when the task's work is done.  Both names come back.

Usage: ./7-session_per_task.py URL
"""
import asyncio

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.asyncio import create_async_engine

import kit
from models import State


async def name_of(engine, state_id):
    """One state's name, read through a session of this task's own."""
    async with AsyncSession(engine) as session:
        return await session.scalar(
            select(State.name).where(State.id == state_id))


async def main(url):
    """Read two states' names at once, a session for each task."""
    engine = create_async_engine(url)
    try:
        await kit.ready(engine)
        results = await asyncio.gather(
            name_of(engine, 1), name_of(engine, 2),
            return_exceptions=True)
        for number, result in enumerate(results, 1):
            print("task {}: {}".format(number, kit.result(result)))
    finally:
        await engine.dispose()


if __name__ == "__main__":
    kit.run(main, "URL")
