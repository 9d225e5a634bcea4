#!/usr/bin/python3
"""The City model again, with City.state leading back to its State.

back_populates pairs City.state with State.cities: set one side and the
other follows.  "State" is named as a string, so this module needs only
Base from relationship_state, and relationship_state needs nothing from
here: no circular import.
"""
from sqlalchemy import Column
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy.orm import relationship

from relationship_state import Base


class City(Base):
    """A city and, through ``state``, the state it belongs to."""

    __tablename__ = "cities"
    id = Column(Integer, primary_key=True, autoincrement=True, nullable=False)
    name = Column(String(128), nullable=False)
    state_id = Column(Integer, ForeignKey("states.id"), nullable=False)
    state = relationship("State", back_populates="cities")
