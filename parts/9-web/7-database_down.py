#!/usr/bin/env python3
"""Step 7: the database stops: 503 within seconds, and back by itself.

A server that is down refuses connections at once, but one that hangs
(a full network, a machine gone) lets the driver wait without end, and
every request of waitress's threads with it.  So every wait has a limit:
3 seconds to connect (the driver's connect_timeout, SQLite's lock
timeout) and 3 for a connection from the pool.  A connection the server
closed is tested before use (pool_pre_ping) and replaced, so the
application recovers when the database returns, without a restart.

What failed is answered as JSON: 503 and Retry-After when the database
cannot be reached (OperationalError, or the pool's TimeoutError), 500
for any other database error; the log has the one-line reason.

Usage: ./parts/9-web/7-database_down.py [--port P]
"""
import importlib

from flask import current_app
from flask import jsonify
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.exc import TimeoutError

import hints
import kit

step6 = importlib.import_module("6-delete")
db = step6.db
SECONDS = 3
TIMEOUT = {"sqlite": {"timeout": SECONDS},
           "postgresql": {"connect_timeout": SECONDS},
           "mysql": {"connect_timeout": SECONDS}}


def limits(url):
    """The engine's options: a limit on every wait, and a live check."""
    return {"pool_pre_ping": True, "pool_timeout": SECONDS,
            "connect_args": TIMEOUT[make_url(url).get_backend_name()]}


def unavailable(error):
    """The database cannot be reached: 503, try again in a moment."""
    db.session.rollback()
    current_app.logger.error(hints.explain(error))
    return (jsonify(error="the database is not answering: try again in a"
                          " moment"), 503, {"Retry-After": str(SECONDS)})


def failed(error):
    """Any other database error: 500, its reason in the log only."""
    db.session.rollback()
    current_app.logger.error(hints.explain(error))
    return jsonify(error="the database failed: the server's log says"
                         " why"), 500


def create_app(config=None):
    """Step 6's application, with limits and answers for a lost database."""
    config = dict(config or {})
    url = config.get("SQLALCHEMY_DATABASE_URI") or kit.database_url()
    config["SQLALCHEMY_ENGINE_OPTIONS"] = dict(
        config.get("SQLALCHEMY_ENGINE_OPTIONS", {}), **limits(url))
    app = step6.create_app(config)
    app.register_error_handler(OperationalError, unavailable)
    app.register_error_handler(TimeoutError, unavailable)
    app.register_error_handler(SQLAlchemyError, failed)
    return app


def main(port):
    """Serve this step's application on 127.0.0.1 until Ctrl-C."""
    kit.serve(create_app(), port)


if __name__ == "__main__":
    kit.run(main, "[--port P]")
