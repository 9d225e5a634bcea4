#!/usr/bin/env python3
"""Step 11: a page for people, beside the API for programs.

GET / renders every state with its cities on the server, with Jinja, in
two queries however many states there are (selectinload).  Jinja
escapes every name, so a state called <b>"x"</b> shows as text and never
becomes markup.  The page's forms add and rename states through the API,
as any client would; a rename sends the version the page showed.  This
is the application bin/web serves.

Usage: ./parts/9-web/11-page.py [--port P]   (or bin/web)
"""
import importlib

from flask import render_template
from sqlalchemy.orm import selectinload

import kit

step9 = importlib.import_module("9-users")
step3 = importlib.import_module("3-create")
db = step9.db
State = step3.State


def index():
    """The page: every state and its cities, in id order."""
    states = db.session.execute(
        db.select(State).options(selectinload(State.cities))
        .order_by(State.id)).scalars()
    return render_template("index.html", states=list(states),
                           longest=step3.LONGEST)


def create_app(config=None):
    """Step 9's application, with its page at /."""
    app = step9.create_app(config)
    app.add_url_rule("/", view_func=index)
    return app


def main(port):
    """Serve this step's application on 127.0.0.1 until Ctrl-C."""
    kit.serve(create_app(), port)


if __name__ == "__main__":
    kit.run(main, "[--port P]")
