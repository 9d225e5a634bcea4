#!/usr/bin/env python3
"""Step 4: the ORM on the migrated schema: a user, addresses, cities.

The step gives a user two addresses, in two cities of two states, then
lists them in one query, from the user to its addresses, their cities
and their states; and the other way, in one more, from the states to
their cities' addresses and whose they are.  It removes the user first,
so it can run again.  The database must be at head.

Usage: ./4-orm.py URL
"""
from sqlalchemy import delete
from sqlalchemy import select
from sqlalchemy.orm import contains_eager
from sqlalchemy.orm import joinedload
from sqlalchemy.orm import Session

import kit
from models import Address
from models import City
from models import State
from models import User

EMAIL = "betty@holberton.example"
STREETS = (("1 Market Street", "San Francisco"),
           ("2 Congress Avenue", "Austin"))


def add_betty(session):
    """Give the user her two addresses, the cities found by name."""
    session.execute(delete(Address).where(Address.user_id.in_(
        select(User.id).where(User.email == EMAIL))))
    session.execute(delete(User).where(User.email == EMAIL))
    cities = {name: session.scalar(select(City).where(City.name == name))
              for _, name in STREETS}
    session.add(User(name="Betty Holberton", email=EMAIL, addresses=[
        Address(street=street, city=cities[city])
        for street, city in STREETS]))
    session.commit()


def main(url):
    """Add the user, then list her addresses both ways."""
    engine = kit.engine(url)
    with Session(engine) as session:
        add_betty(session)
        query = select(User).where(User.email == EMAIL).options(
            joinedload(User.addresses).joinedload(Address.city)
            .joinedload(City.state))
        for user in session.scalars(query).unique():
            print("{} <{}>".format(user.name, user.email))
            for address in user.addresses:
                print("\t{}, {}, {}".format(address.street,
                                            address.city.name,
                                            address.city.state.name))
        # Forget the objects loaded, so the other way is a query of its own.
        session.expunge_all()
        # Only the states with an address, and only those cities.
        query = (select(State).join(State.cities).join(City.addresses)
                 .options(contains_eager(State.cities)
                          .contains_eager(City.addresses)
                          .joinedload(Address.user))
                 .order_by(State.id, City.id, Address.id))
        for state in session.scalars(query).unique():
            for city in state.cities:
                for address in city.addresses:
                    print("{}, {}: {} ({})".format(
                        state.name, city.name, address.street,
                        address.user.name))


if __name__ == "__main__":
    kit.run(main)
