#!/usr/bin/env python3
"""Step 2: what create_all() sends: one model, three kinds of DDL.

The models say Mapped[int] with primary_key=True and String(128); each
dialect turns that into its own CREATE TABLE: INTEGER (SQLite's rowid),
INTEGER NOT NULL AUTO_INCREMENT (MariaDB), SERIAL (PostgreSQL, a sequence
behind the column).  The step re-creates the tables and prints what was
sent, as sent.

Usage: ./2-create_all.py URL
"""
import kit


def main(url):
    """Re-create the tables, printing each CREATE statement sent."""
    engine = kit.engine(url)
    kit.echo(engine, "CREATE")
    kit.reset(engine)


if __name__ == "__main__":
    kit.run(main)
