#!/usr/bin/env python3
"""Step 0: the same listing, with asyncio: an async engine and session.

create_async_engine() takes the URL of an asyncio driver (aiosqlite,
asyncmy, asyncpg) and AsyncSession works as Session does, except that
every call that may talk to the database is awaited.  The engine's
connections are closed by awaiting dispose(), inside the event loop.

Usage: ./0-list_states.py URL
"""
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.asyncio import create_async_engine

import kit
from models import State


async def main(url):
    """Print every state as "id: name", in id order."""
    engine = create_async_engine(url)
    try:
        await kit.ready(engine)
        async with AsyncSession(engine) as session:
            for state in await session.scalars(
                    select(State).order_by(State.id)):
                print("{}: {}".format(state.id, state.name))
    finally:
        await engine.dispose()


if __name__ == "__main__":
    kit.run(main, "URL")
