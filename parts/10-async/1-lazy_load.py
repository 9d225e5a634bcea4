#!/usr/bin/env python3
"""Step 1: a lazy load in async code fails: MissingGreenlet.

Task step 101 reads state.cities and lets the session load them then,
with a SELECT of its own.  Under asyncio that load would have to wait for
the database in the middle of an attribute access, which cannot be
awaited: SQLAlchemy refuses with MissingGreenlet, after the first state's
line.

Usage: ./1-lazy_load.py URL
"""
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.asyncio import create_async_engine

import kit
from models import State


async def main(url):
    """Print each state, then a tab-indented line for each of its cities."""
    engine = create_async_engine(url)
    try:
        await kit.ready(engine)
        async with AsyncSession(engine) as session:
            for state in await session.scalars(
                    select(State).order_by(State.id)):
                print("{}: {}".format(state.id, state.name))
                for city in state.cities:
                    print("\t{}: {}".format(city.id, city.name))
    finally:
        await engine.dispose()


if __name__ == "__main__":
    kit.run(main, "URL")
