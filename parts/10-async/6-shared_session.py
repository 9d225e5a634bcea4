#!/usr/bin/env python3
"""Step 6: one session shared by two tasks: SQLAlchemy refuses.

A session is one unit of work on one connection, for one task at a time.
Two tasks gathered on the same AsyncSession both ask it for its
connection: the first makes it wait for one from the pool, and the
second, finding it busy with that, is refused, rather than let the two
mix their work in one transaction.  gather(return_exceptions=True) gives
each task's result or error, in order.

Usage: ./6-shared_session.py URL
"""
import asyncio

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.asyncio import create_async_engine

import kit
from models import State


async def name_of(session, state_id):
    """One state's name, read through the session given."""
    return await session.scalar(
        select(State.name).where(State.id == state_id))


async def main(url):
    """Read two states' names at once, through one shared session."""
    engine = create_async_engine(url)
    try:
        await kit.ready(engine)
        async with AsyncSession(engine) as session:
            results = await asyncio.gather(
                name_of(session, 1), name_of(session, 2),
                return_exceptions=True)
        for number, result in enumerate(results, 1):
            print("task {}: {}".format(number, kit.result(result)))
    finally:
        await engine.dispose()


if __name__ == "__main__":
    kit.run(main, "URL")
