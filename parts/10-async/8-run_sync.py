#!/usr/bin/env python3
"""Step 8: run_sync(): what has no async API, run on an async connection.

Reflection (inspect()) and MetaData.create_all() are synchronous code
that talks to the database.  inspect() refuses an AsyncEngine; instead,
AsyncConnection.run_sync(function) calls the function with a synchronous
Connection, inside the greenlet where its waits become awaits.  The step
starts over: it drops the tables, makes them again and loads the task's
rows, showing the tables after each.

Usage: ./8-run_sync.py URL
"""
from sqlalchemy import inspect
from sqlalchemy.exc import NoInspectionAvailable
from sqlalchemy.ext.asyncio import create_async_engine

import kit
from models import Base


def table_names(connection):
    """The database's tables, by reflection on a synchronous connection."""
    names = sorted(inspect(connection).get_table_names())
    return ", ".join(names) or "none"


async def main(url):
    """Try inspect() on the engine, then drop and create through run_sync."""
    engine = create_async_engine(url)
    try:
        await kit.ready(engine)
        try:
            inspect(engine)
        except NoInspectionAvailable as error:
            print("inspect(engine):", kit.result(error))
        async with engine.begin() as conn:
            await conn.run_sync(Base.metadata.drop_all)
            print("after drop_all:", await conn.run_sync(table_names))
            await conn.run_sync(Base.metadata.create_all)
            print("after create_all:", await conn.run_sync(table_names))
        print("rows loaded:", await kit.load_rows(engine))
    finally:
        await engine.dispose()


if __name__ == "__main__":
    kit.run(main, "URL")
