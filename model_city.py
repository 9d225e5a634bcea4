#!/usr/bin/python3
"""The City model: the cities table, each city pointing to its state.

City shares Base with State, so both tables live in one MetaData and the
foreign key "states.id" can be resolved.
"""
from sqlalchemy import Column
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String

from model_state import Base


class City(Base):
    """A city: one row of the cities table."""

    __tablename__ = "cities"
    id = Column(Integer, primary_key=True, autoincrement=True, nullable=False)
    name = Column(String(128), nullable=False)
    state_id = Column(Integer, ForeignKey("states.id"), nullable=False)
