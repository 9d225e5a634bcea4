"""States and cities, and the task's rows in them.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None
# A revision is frozen: it holds its data rather than import the app's.
STATES = ("California", "Arizona", "Texas", "New York", "Nevada")
CITIES = ((1, ("San Francisco", "San Jose", "Los Angeles", "Fremont",
               "Livermore")),
          (2, ("Page", "Phoenix")), (3, ("Dallas", "Houston", "Austin")),
          (4, ("New York",)),
          (5, ("Las Vegas", "Reno", "Henderson", "Carson City")))


def upgrade():
    """Make the two tables, then put the task's states and cities in."""
    states = op.create_table(
        "states",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"))
    cities = op.create_table(
        "cities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("state_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["state_id"], ["states.id"]),
        sa.PrimaryKeyConstraint("id"))
    # One row an INSERT, in order: every database numbers them 1, 2, ...
    for name in STATES:
        op.bulk_insert(states, [{"name": name, "version": 1}])
    for state_id, names in CITIES:
        for name in names:
            op.bulk_insert(cities, [{"name": name, "state_id": state_id}])


def downgrade():
    """Drop the two tables, and their rows with them."""
    op.drop_table("cities")
    op.drop_table("states")
