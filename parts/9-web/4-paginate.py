#!/usr/bin/env python3
"""Step 4: the list, one page at a time, with links to its neighbours.

GET /api/states?page=P&per_page=N answers {"items": [...], "page",
"per_page", "total", "next", "prev"}: db.paginate() runs the select()
with LIMIT and OFFSET, and a count(*) for the total.  next and prev are
the URLs of the neighbouring pages, or null at either end.  A page past
the last is empty; a page or size that is not a whole number from 1 (at
most 100 a page) is a 400, since a client asking for a million rows at
once should be told, not served.

Usage: ./parts/9-web/4-paginate.py [--port P]
"""
import importlib

from flask import abort
from flask import jsonify
from flask import request
from flask import url_for

import kit

step3 = importlib.import_module("3-create")
db = step3.db
State = step3.State
MOST = 100


def number(name, default):
    """The query parameter ``name``: a whole number from 1, or a 400."""
    value = request.args.get(name, str(default))
    if not (value.isascii() and value.isdigit() and 0 < int(value) < 2**31):
        abort(400, "{} must be a whole number from 1, such as"
                   " ?page=1&per_page=20".format(name))
    return int(value)


def list_states():
    """One page of the states, in id order, and where the others are."""
    per_page = number("per_page", 20)
    if per_page > MOST:
        abort(400, "per_page is at most {}".format(MOST))
    page = db.paginate(db.select(State).order_by(State.id),
                       page=number("page", 1), per_page=per_page,
                       error_out=False)
    links = {}
    for key, there, go in (("next", page.has_next, page.next_num),
                           ("prev", page.has_prev, page.prev_num)):
        links[key] = url_for("list_states", page=go,
                             per_page=per_page) if there else None
    return jsonify(items=[state.as_dict() for state in page.items],
                   page=page.page, per_page=per_page, total=page.total,
                   **links)


def create_app(config=None):
    """Step 3's application, its list now in pages."""
    app = step3.create_app(config)
    app.view_functions["list_states"] = list_states
    return app


def main(port):
    """Serve this step's application on 127.0.0.1 until Ctrl-C."""
    kit.serve(create_app(), port)


if __name__ == "__main__":
    kit.run(main, "[--port P]")
