"""Timestamps on states and cities, filled by the database.

The database fills both (server defaults, so the rows already there get
the time of the migration) and renews updated_at on every UPDATE:
MariaDB by ON UPDATE, PostgreSQL and SQLite by a trigger.  SQLite cannot
add a column whose default is an expression: batch mode copies the table
instead.

Revision ID: 0002
Revises: 0001
"""
from alembic import op

from schema import on_update
from schema import stamp_columns

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLES = ("states", "cities")
# PostgreSQL's trigger calls a function; one serves every table.
FUNCTION = """CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := CURRENT_TIMESTAMP;
    RETURN NEW;
END $$"""


def upgrade():
    """Add the two columns to each table, then the triggers."""
    dialect = op.get_context().dialect.name
    for table in TABLES:
        # Plain ALTER TABLE on MariaDB and PostgreSQL; a copy on SQLite.
        with op.batch_alter_table(table) as batch:
            for column in stamp_columns(dialect):
                batch.add_column(column)
    if dialect == "postgresql":
        op.execute(FUNCTION)
    for table in TABLES:
        trigger = on_update(dialect, table)
        if trigger:
            op.execute(trigger)


def downgrade():
    """Drop the triggers (SQLite's copy would lose them), then columns."""
    dialect = op.get_context().dialect.name
    for table in TABLES:
        if on_update(dialect, table):
            on = " ON " + table if dialect == "postgresql" else ""
            op.execute("DROP TRIGGER {}_updated_at{}".format(table, on))
        with op.batch_alter_table(table) as batch:
            batch.drop_column("updated_at")
            batch.drop_column("created_at")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION set_updated_at()")
