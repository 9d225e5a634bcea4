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
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# This revision's own DDL, written out as it was when the revision was
# made: editing the models (models.py) or another revision never changes
# what this one does.
# A timestamp to the microsecond on MariaDB too (DATETIME alone keeps
# whole seconds, and an update in the same second would not show).
STAMP = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql")
# What the database writes into the timestamps, dialect by dialect.
NOW = {
    "mysql": "CURRENT_TIMESTAMP(6)",
    "postgresql": "CURRENT_TIMESTAMP",
    "sqlite": "(strftime('%Y-%m-%d %H:%M:%f', 'now'))",
}
# MariaDB changes updated_at itself, ON UPDATE; the other two, a trigger.
ON_UPDATE = {
    "mysql": " ON UPDATE CURRENT_TIMESTAMP(6)",
    "postgresql": "",
    "sqlite": "",
}
TRIGGER = {
    "postgresql": "CREATE TRIGGER {0}_updated_at BEFORE UPDATE ON {0}"
                  " FOR EACH ROW EXECUTE FUNCTION set_updated_at()",
    # An UPDATE inside the trigger does not fire it again: SQLite's
    # recursive_triggers is off unless a connection turns it on.
    "sqlite": "CREATE TRIGGER {0}_updated_at AFTER UPDATE ON {0}"
              " FOR EACH ROW BEGIN UPDATE {0} SET updated_at = "
              + NOW["sqlite"] + " WHERE id = NEW.id; END",
}


def stamp_columns(dialect):
    """The two timestamp columns, NOT NULL, filled by this database.

    A revision that adds them to a table with rows gets the time of the
    migration in every row: the default fills what is already there.
    """
    return [
        sa.Column("created_at", STAMP, nullable=False,
                  server_default=sa.text(NOW[dialect])),
        sa.Column("updated_at", STAMP, nullable=False,
                  server_default=sa.text(NOW[dialect]
                                         + ON_UPDATE[dialect])),
    ]


def on_update(dialect, table):
    """The trigger that renews updated_at, or None where ON UPDATE does."""
    if dialect in TRIGGER:
        return TRIGGER[dialect].format(table)
    return None


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
