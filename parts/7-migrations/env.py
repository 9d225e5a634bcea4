"""Part 7's Alembic environment: the URL comes from the command line.

``alembic -x url=URL ...`` names the database (or HBTN_7_URL in the
environment): no URL, and so no password, is written in any file.
Online, the database is made if it is missing; offline (``--sql``), the
URL only picks the dialect whose SQL is printed.  SQLite gets batch mode
(a table copied, changed, renamed), since its ALTER TABLE cannot do what
the other two do.  A refused statement ends with hints.py's one line.
"""
import os
import sys
from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.exc import SQLAlchemyError

import kit
import models

NO_URL = ("Error: no database URL (hint: alembic -x url=URL ..., or"
          " export HBTN_7_URL=URL)")


def given_url():
    """The URL from -x url=..., else from HBTN_7_URL; or exit with a line."""
    url = context.get_x_argument(as_dictionary=True).get("url")
    url = url or os.environ.get("HBTN_7_URL")
    if not url:
        sys.exit(NO_URL)
    return url


def offline():
    """Print the SQL of the migrations, for the URL's dialect, unsent."""
    try:
        url = make_url(given_url())
    except (ArgumentError, ValueError):
        sys.exit(kit.BAD_URL)
    context.configure(url=url, target_metadata=models.Base.metadata,
                      literal_binds=True,
                      render_as_batch=url.get_backend_name() == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


def online():
    """Run the migrations on the database, in one transaction."""
    engine = kit.engine(given_url())
    try:
        with engine.connect() as connection:
            context.configure(
                connection=connection,
                target_metadata=models.Base.metadata,
                render_as_batch=connection.dialect.name == "sqlite")
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


# The [loggers] of alembic.ini: Alembic's INFO lines, on stderr.
fileConfig(context.config.config_file_name)
try:
    offline() if context.is_offline_mode() else online()
except SQLAlchemyError as error:
    sys.exit(kit.hints.explain(error))
