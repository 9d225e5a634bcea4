#!/usr/bin/env python3
"""Step 9: an async endpoint, GET /api/states, served by uvicorn.

An ASGI application is one async function, called for each request with
the request (scope), a way to read its body (receive) and a way to
answer (send).  Each request awaits a session of its own, and while it
waits for the database, uvicorn's event loop serves the other requests:
one thread, many clients.  The JSON is Part 9's list of states.

Usage: ./9-endpoint.py URL [PORT]   (port 5010 unless told; Ctrl-C stops)
"""
import uvicorn
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.asyncio import create_async_engine

import kit
from models import State


def application(engine):
    """The ASGI application: the list of states, else a JSON error."""
    async def app(scope, receive, send):
        """Answer one HTTP request (no lifespan events: uvicorn's is off)."""
        if scope["path"] != "/api/states":
            status, body = 404, {"error": "Not Found"}
        elif scope["method"] != "GET":
            status, body = 405, {"error": "Method Not Allowed"}
        else:
            status, body = 200, await states(engine)
        body = kit.json(body)
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", b"%d" % len(body))]})
        await send({"type": "http.response.body", "body": body})
    return app


async def states(engine):
    """Every state as {"id": ..., "name": ...}, in id order."""
    async with AsyncSession(engine) as session:
        found = await session.scalars(select(State).order_by(State.id))
        return [{"id": state.id, "name": state.name} for state in found]


async def main(url, port="5010"):
    """Serve the application on 127.0.0.1 until Ctrl-C or SIGTERM."""
    engine = create_async_engine(url)
    try:
        await kit.ready(engine)
        config = uvicorn.Config(application(engine), lifespan="off",
                                log_level="warning")
        await kit.serve(uvicorn.Server(config), port)
    finally:
        await engine.dispose()


if __name__ == "__main__":
    kit.run(main, "URL [PORT]")
