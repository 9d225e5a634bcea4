"""Errors as the API's clients expect them: JSON, with the right status.

Under /api every HTTP error (an unknown id, a bad body, an unknown URL, a
method the URL does not take) answers {"error": "..."}.  A database
failure is logged as one line, rolled back, and answered with a 500
that does not repeat the server's message to the client.
"""
from flask import current_app
from flask import jsonify
from flask import request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from webapp.hint import explain
from webapp.models import db

FAILED = "the database failed: the server's log says why"


def for_api():
    """Whether the request being answered is one of the API's."""
    return request.path.startswith("/api/")


def http_error(error):
    """Answer an HTTP error as JSON under /api, as Flask does elsewhere.

    The message is the one the view gave (abort(404, description=...)),
    or else the status's name, such as "Not Found".
    """
    if not for_api():
        return error
    message = vars(error).get("description") or error.name
    headers = [(key, value) for key, value in error.get_headers()
               if key.lower() != "content-type"]
    return jsonify(error=message), error.code, headers


def database_error(error):
    """Roll back, log the one-line explanation, and answer 500."""
    db.session.rollback()
    current_app.logger.error(explain(error))
    if for_api():
        return jsonify(error=FAILED), 500
    return FAILED + "\n", 500, {"Content-Type": "text/plain; charset=utf-8"}


def register(app):
    """Install the error handlers on ``app``."""
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(SQLAlchemyError, database_error)
