"""The page at /: the states and their cities, rendered on the server.

Jinja escapes every name, so a state called <b> shows as text.  The
page's form adds a state through the API, as any other client would.
"""
from flask import Blueprint
from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.models import NAME_LENGTH
from webapp.models import State
from webapp.models import db

page = Blueprint("page", __name__)


@page.get("/")
def index():
    """Render every state and its cities: two queries, however many."""
    states = db.session.scalars(select(State)
                                .options(selectinload(State.cities))
                                .order_by(State.id))
    return render_template("index.html", states=list(states),
                           name_length=NAME_LENGTH)
