#!/usr/bin/env python3
"""Step 2: selectinload(): the cities loaded with the states, awaited.

The cure for step 1 is to load what the loop will read before it reads
it.  selectinload(State.cities) has the same awaited scalars() send a
second SELECT, for the cities of all the states at once (WHERE state_id
IN (...)), so state.cities is already there: no lazy load, the task's
listing, two queries in all.

Usage: ./2-selectinload.py URL
"""
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.orm import selectinload

import kit
from models import State


async def main(url):
    """Print each state, then a tab-indented line for each of its cities."""
    engine = create_async_engine(url)
    try:
        await kit.ready(engine)
        async with AsyncSession(engine) as session:
            for state in await session.scalars(
                    select(State).options(selectinload(State.cities))
                    .order_by(State.id)):
                print("{}: {}".format(state.id, state.name))
                for city in state.cities:
                    print("\t{}: {}".format(city.id, city.name))
    finally:
        await engine.dispose()


if __name__ == "__main__":
    kit.run(main, "URL")
