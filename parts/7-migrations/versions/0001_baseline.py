"""Baseline: the task's states and cities, with the task's rows.

What the task's SQL files make: the two tables and their five states and
fifteen cities, with their ids (written out here, as a revision must not
change when the code around it does).  A database that already has them
(a task database) is stamped: ``alembic stamp 0001`` records the
revision without running it.  An empty one gets them by ``upgrade``.

Revision ID: 0001
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

STATES = ("California", "Arizona", "Texas", "New York", "Nevada")
CITIES = (
    ("San Francisco", 1), ("San Jose", 1), ("Los Angeles", 1),
    ("Fremont", 1), ("Livermore", 1), ("Page", 2), ("Phoenix", 2),
    ("Dallas", 3), ("Houston", 3), ("Austin", 3), ("New York", 4),
    ("Las Vegas", 5), ("Reno", 5), ("Henderson", 5), ("Carson City", 5),
)


def upgrade():
    """Create states and cities as the task does, and load its rows."""
    states = op.create_table(
        "states",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(128), nullable=False))
    cities = op.create_table(
        "cities",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("state_id", sa.Integer, sa.ForeignKey("states.id"),
                  nullable=False))
    op.bulk_insert(states, [{"id": i, "name": name}
                            for i, name in enumerate(STATES, 1)])
    op.bulk_insert(cities, [{"id": i, "name": name, "state_id": s}
                            for i, (name, s) in enumerate(CITIES, 1)])
    if op.get_context().dialect.name == "postgresql":
        # Ids given by hand leave a sequence behind: catch it up.
        for table in ("states", "cities"):
            op.execute("SELECT setval(pg_get_serial_sequence('{0}', 'id'),"
                       " (SELECT max(id) FROM {0}))".format(table))


def downgrade():
    """Drop both tables, rows and all, cities first (it points to states)."""
    op.drop_table("cities")
    op.drop_table("states")
