"""The states and cities on the web: the application factory.

create_app() builds a Flask application around one database URL: the
models' ``db`` bound to it, the JSON API under /api, the page at /, and
errors as JSON.  The URL comes from outside the code: an argument (bin/web
builds it from a login) or the DATABASE_URL environment variable.
"""
from flask import Flask

from webapp.api import api
from webapp.config import from_environment
from webapp.errors import register
from webapp.models import db
from webapp.page import page

# A state's name is at most 128 characters: 16 KiB is plenty for a body.
MAX_BODY = 16 * 1024


def create_app(url=None):
    """Return a new application whose database is ``url``.

    Without ``url``, DATABASE_URL in the environment gives it.  Nothing
    connects yet: the first request (or the first query in an app
    context) does.
    """
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = url or from_environment()
    # A connection the server closed while idle is replaced, not used.
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True}
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    # Keys in the order the models build them, text as it is stored.
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    db.init_app(app)
    app.register_blueprint(api, url_prefix="/api")
    app.register_blueprint(page)
    register(app)
    return app
