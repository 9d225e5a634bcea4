"""Part 11's Alembic environment: its revisions run on step 8's connection.

Step 8 applies the revisions in versions/ with Alembic's own commands
(alembic.command.upgrade and downgrade) and hands them its connection in
config.attributes, as Alembic's cookbook shows: no URL, and so no
password, is written here.
"""
from alembic import context

context.configure(connection=context.config.attributes["connection"])
with context.begin_transaction():
    context.run_migrations()
