#!/usr/bin/python3
"""The State model again, now with its cities as a relationship.

State.cities is the list of a state's City objects, kept in id order.
The cascade makes the ORM delete a state's cities with it, and drop a
city taken out of the list.
"""
from sqlalchemy import Column
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy.orm import declarative_base
from sqlalchemy.orm import relationship

Base = declarative_base()


class State(Base):
    """A state and, through ``cities``, the cities that belong to it."""

    __tablename__ = "states"
    id = Column(Integer, primary_key=True, autoincrement=True, nullable=False)
    name = Column(String(128), nullable=False)
    cities = relationship("City", back_populates="state",
                          cascade="all, delete-orphan", order_by="City.id")
