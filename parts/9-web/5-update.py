#!/usr/bin/env python3
"""Step 5: rename a state, with optimistic locking: no update is lost.

Two clients read version 1 of a state and both send a new name: without
a check, the second silently overwrites the first (a lost update).  The
client sends the version it read, PATCH /api/states/<id> {"name",
"version"}, and one statement both checks and changes it:

    UPDATE states SET name = ?, version = version + 1
    WHERE id = ? AND version = ?

The database runs it one row lock at a time, so of two clients that
read the same version, exactly one matches a row: 200, with the new
version.  The other matches none and gets 409 with the state as it is
now, to decide again from.  (The ORM's version_id_col does the same for
the session's own objects; here the version is the client's.)

On a server the transactions are READ COMMITTED, PostgreSQL's default.
MariaDB's own, REPEATABLE READ, keeps the lock of a row an UPDATE looked
at until the transaction ends, even when the row did not match: every
stale PATCH would wait in line behind the others.  In READ COMMITTED it
reads the last committed version, sees it does not match, and answers.

Usage: ./parts/9-web/5-update.py [--port P]
"""
import importlib

from flask import abort
from flask import jsonify
from sqlalchemy.engine import make_url

import kit

step4 = importlib.import_module("4-paginate")
step3 = importlib.import_module("3-create")
db = step4.db
State = step4.State


def update_state(state_id):
    """Rename the state if the client read its current version."""
    body = step3.fields("name", "version")
    name = step3.name_of(body["name"])
    version = body["version"]
    # bool is an int to Python, not to JSON; the column is an INTEGER.
    if type(version) is not int or not 0 < version < 2**31:
        abort(400, "the version must be the whole number read, such as"
                   ' {"name": "Oregon", "version": 1}')
    changed = db.session.execute(
        db.update(State)
        .where(State.id == state_id, State.version == version)
        .values(name=name, version=State.version + 1)).rowcount
    db.session.commit()
    state = db.get_or_404(State, state_id,
                          description="no state with id {}".format(state_id))
    if not changed:
        return jsonify(error="version {} is not the current one: the"
                             " state changed since it was read"
                             .format(version), current=state.as_dict()), 409
    return jsonify(state.as_dict())


def create_app(config=None):
    """Step 4's application, which now also renames states."""
    config = dict(config or {})
    url = config.get("SQLALCHEMY_DATABASE_URI") or kit.database_url()
    if make_url(url).get_backend_name() != "sqlite":
        options = config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
        options["isolation_level"] = "READ COMMITTED"
    app = step4.create_app(config)
    app.add_url_rule("/api/states/<id:state_id>", view_func=update_state,
                     methods=["PATCH"])
    return app


def main(port):
    """Serve this step's application on 127.0.0.1 until Ctrl-C."""
    kit.serve(create_app(), port)


if __name__ == "__main__":
    kit.run(main, "[--port P]")
