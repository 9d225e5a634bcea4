"""Users, with their timestamps.

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = "0003"
down_revision = "0002"
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


def upgrade():
    """Create users, and its updated_at trigger where one is needed."""
    dialect = op.get_context().dialect.name
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("email", sa.String(128), nullable=False),
        *stamp_columns(dialect))
    if on_update(dialect, "users"):
        op.execute(on_update(dialect, "users"))


def downgrade():
    """Drop users (its trigger goes with it)."""
    op.drop_table("users")
