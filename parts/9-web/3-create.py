#!/usr/bin/env python3
"""Step 3: create a state, its body checked before anything is written.

POST /api/states {"name": "Oregon"} answers 201, the new state, and its
URL in Location.  A body that cannot become a state is a 400 that says
why, and nothing reaches the database: not JSON, nested too deeply for
the parser (RecursionError, not ValueError: a 500 unless caught), not
an object, a field other than those asked for, a name that is missing,
not a string, blank, longer than the column, or not valid Unicode.
A body over 16 KiB is a 413; a method a URL does not take, a 405.

Each request has its own session: Flask-SQLAlchemy's db.session belongs
to the request's application context and is closed when it ends, so two
requests never share objects or a transaction.

Usage: ./parts/9-web/3-create.py [--port P]
"""
import importlib
import json

from flask import abort
from flask import jsonify
from flask import request
from flask import url_for

import kit

step2 = importlib.import_module("2-select")
db = step2.db
State = step2.State
LONGEST = State.__table__.c.name.type.length
EXAMPLE = ', such as {"name": "Oregon"}'


def name_of(value):
    """The name in a body, checked: a string, not blank, not too long."""
    if not isinstance(value, str):
        abort(400, "the name must be a string" + EXAMPLE)
    if not value.strip():
        abort(400, "the name is empty")
    if len(value) > LONGEST:
        abort(400, "the name is longer than {} characters".format(LONGEST))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # JSON may carry half of a surrogate pair, "\ud800": not text.
        abort(400, "the name is not valid Unicode text")
    return value


def fields(*names):
    """The request's JSON object, holding exactly ``names``, or a 400."""
    if not request.is_json:
        abort(400, "the body must be JSON" + EXAMPLE)
    try:
        body = json.loads(request.get_data())
    except RecursionError:
        abort(400, "the body is nested too deeply")
    except ValueError:
        abort(400, "the body must be JSON" + EXAMPLE)
    if not isinstance(body, dict):
        abort(400, "the body must be a JSON object" + EXAMPLE)
    for key in body:
        if key not in names:
            abort(400, 'unexpected field "{}"'.format(key))
    for key in names:
        if key not in body:
            abort(400, "the {} is missing".format(key))
    return body


def create_state():
    """Add the state the body names: 201, the state, and its URL."""
    state = State(name=name_of(fields("name")["name"]))
    db.session.add(state)
    db.session.commit()
    where = url_for("read_state", state_id=state.id)
    return jsonify(state.as_dict()), 201, {"Location": where}


def create_app(config=None):
    """Step 2's application, which now also creates states."""
    app = step2.create_app(dict({"MAX_CONTENT_LENGTH": 16 * 1024},
                                **(config or {})))
    app.add_url_rule("/api/states", view_func=create_state,
                     methods=["POST"])
    return app


def main(port):
    """Serve this step's application on 127.0.0.1 until Ctrl-C."""
    kit.serve(create_app(), port)


if __name__ == "__main__":
    kit.run(main, "[--port P]")
