#!/usr/bin/python3
"""The State model: the states table described as a Python class.

Declarative mapping: each class attribute built with Column becomes a
column of the table, and each row read through the ORM becomes a State.
The name is String(128), as the task asks, while sql/ declares
VARCHAR(256): a model's length only matters when SQLAlchemy creates the
table (steps 6 and 100); on a table that already exists it is not checked.
"""
from sqlalchemy import Column
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class State(Base):
    """A state: one row of the states table."""

    __tablename__ = "states"
    id = Column(Integer, primary_key=True, autoincrement=True, nullable=False)
    name = Column(String(128), nullable=False)
