"""Alembic's environment, as Flask-Migrate runs it: the app's own engine.

`flask db ...` runs this file inside the application's context, so the
revisions run on the application's engine (DATABASE_URL's database, no
URL copied anywhere), and `flask db migrate` compares that database
with the models' metadata.
"""
import logging.config

from alembic import context
from flask import current_app

config = context.config
logging.config.fileConfig(config.config_file_name)
migrate = current_app.extensions["migrate"]


def skip_empty(context_, revision, directives):
    """Write no revision file when the models and the database agree."""
    if getattr(config.cmd_opts, "autogenerate", False) \
            and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        print("No changes in schema detected.")


def run_migrations():
    """Run the revisions on one connection of the application's engine."""
    options = dict(migrate.configure_args)
    options.setdefault("process_revision_directives", skip_empty)
    with migrate.db.engine.connect() as connection:
        context.configure(connection=connection,
                          target_metadata=migrate.db.metadata, **options)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Error: this part runs its revisions on a database"
                     " (no --sql)")
run_migrations()
