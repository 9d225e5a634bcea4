"""The JSON API: the states and their cities, read, added and deleted.

Each view uses the request's session, db.session, which Flask-SQLAlchemy
closes when the request ends: one session per request, so concurrent
requests never share objects or a transaction.
"""
from flask import Blueprint
from flask import abort
from flask import jsonify
from flask import make_response
from flask import request
from flask import url_for
from sqlalchemy import LargeBinary
from sqlalchemy import cast
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from webapp.models import City
from webapp.models import State
from webapp.models import db
from webapp.validate import Invalid
from webapp.validate import new_state_name

api = Blueprint("api", __name__)


def no_state(state_id):
    """Return the message of the 404 for an unknown state id."""
    return "no state with id {}".format(state_id)


@api.get("/states")
def list_states():
    """Return every state, in id order, without its cities."""
    states = db.session.scalars(select(State).order_by(State.id))
    return jsonify([state.as_dict() for state in states])


@api.get("/states/<int:state_id>")
def get_state(state_id):
    """Return one state with its cities, read in one query (a JOIN)."""
    state = db.session.get(State, state_id,
                           options=[joinedload(State.cities)])
    if state is None:
        abort(404, description=no_state(state_id))
    return jsonify(state.with_cities())


@api.get("/cities")
def cities_of_state():
    """Return the cities of the state named exactly ?state=, in id order.

    As in the task, the name is compared as bytes (CAST(name AS BINARY)
    on MariaDB): case, accents and trailing spaces all count.
    """
    name = request.args.get("state")
    if name is None:
        abort(400, description="the state parameter is missing:"
                               " /api/cities?state=Texas")
    exact = cast(State.name, LargeBinary) == name.encode("utf-8")
    cities = db.session.scalars(select(City).join(City.state)
                                .where(exact).order_by(City.id))
    return jsonify([city.as_dict() for city in cities])


@api.post("/states")
def add_state():
    """Add the state named in the JSON body; 201 and the new state."""
    try:
        name = new_state_name(request.get_json(silent=True))
    except Invalid as error:
        abort(400, description=str(error))
    state = State(name=name)
    db.session.add(state)
    # flush() sends the INSERT and learns the id, so the answer needs no
    # second SELECT after commit() (which expires the object).
    db.session.flush()
    answer = state.as_dict()
    db.session.commit()
    where = url_for(".get_state", state_id=answer["id"])
    return jsonify(answer), 201, {"Location": where}


@api.delete("/states/<int:state_id>")
def delete_state(state_id):
    """Delete a state and, through the cascade, its cities; 204."""
    state = db.get_or_404(State, state_id, description=no_state(state_id))
    db.session.delete(state)
    db.session.commit()
    answer = make_response("", 204)
    # No body, so no type (Flask would say text/html).
    del answer.headers["Content-Type"]
    return answer
