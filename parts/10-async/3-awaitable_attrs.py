#!/usr/bin/env python3
"""Step 3: awaitable_attrs: a lazy load that is awaited.

Where a lazy load is what you want, await it: the models' Base has the
AsyncAttrs mixin, whose state.awaitable_attrs.cities is an awaitable that
loads the attribute if it is not loaded yet (one SELECT per state here,
the N+1 queries of task step 101) and gives it.

Usage: ./3-awaitable_attrs.py URL
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
                for city in await state.awaitable_attrs.cities:
                    print("\t{}: {}".format(city.id, city.name))
    finally:
        await engine.dispose()


if __name__ == "__main__":
    kit.run(main, "URL")
