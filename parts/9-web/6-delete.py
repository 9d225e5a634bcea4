#!/usr/bin/env python3
"""Step 6: delete a state and its cities; the database decides who did.

Read the state, then delete it: two requests at once both read it, both
delete, and both answer 204.  Here the DELETE itself says whether it
found the row: its row count is 1 for exactly one request, whose
transaction holds the row's lock until it commits; every other one
waits for that lock, then finds no row, rolls back and answers 404.

The task's foreign key has no ON DELETE CASCADE, so the state's cities
go first, in the same transaction: all of it happens, or none.

Usage: ./parts/9-web/6-delete.py [--port P]
"""
import importlib

from flask import abort
from flask import make_response

import kit

step5 = importlib.import_module("5-update")
step2 = importlib.import_module("2-select")
db = step5.db
State = step5.State
City = step2.City


def delete_state(state_id):
    """Delete the state and its cities: 204, or 404 if it was not there."""
    db.session.execute(db.delete(City).where(City.state_id == state_id))
    deleted = db.session.execute(
        db.delete(State).where(State.id == state_id)).rowcount
    if deleted != 1:
        db.session.rollback()
        abort(404, "no state with id {}".format(state_id))
    db.session.commit()
    answer = make_response("", 204)
    # No body, so no type (Flask would say text/html).
    del answer.headers["Content-Type"]
    return answer


def create_app(config=None):
    """Step 5's application, which now also deletes states."""
    app = step5.create_app(config)
    app.add_url_rule("/api/states/<id:state_id>", view_func=delete_state,
                     methods=["DELETE"])
    return app


def main(port):
    """Serve this step's application on 127.0.0.1 until Ctrl-C."""
    kit.serve(create_app(), port)


if __name__ == "__main__":
    kit.run(main, "[--port P]")
