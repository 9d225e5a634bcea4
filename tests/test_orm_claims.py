"""What the docs say the ORM does and does not do, shown on the server.

docs/concepts.md says that text pasted into text() is step 2 again, and
that a bulk delete runs no cascade while session.delete() does.  Both
are shown here with the task's own relationship models.
"""
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from conftest import HOST, PASSWORD, PORT, USER, query
from relationship_city import City
from relationship_state import State

ATTACK = "' OR '1'='1"


def engine(database):
    """An engine on a test database, as the steps make theirs."""
    return create_engine(URL.create(
        "mysql+mysqldb", username=USER, password=PASSWORD, host=HOST,
        port=PORT, database=database, query={"charset": "utf8mb4"}))


@pytest.fixture
def states_with_cities(dbs):
    """A fresh copy of hbtn_0e_100_usa's data: states, each with cities."""
    return dbs.new("hbtn_0e_101_usa")


def test_text_pasted_into_a_filter_is_injectable(states_with_cities):
    """filter(text(... format ...)) leaks every row, as step 2 does;
    the same name given to filter() as a value finds nothing."""
    database = states_with_cities
    total = query(database, "SELECT COUNT(*) FROM states")[0][0]
    with Session(engine(database)) as session:
        pasted = session.query(State).filter(
            text("name = '{}'".format(ATTACK))).all()
        bound = session.query(State).filter(State.name == ATTACK).all()
    assert total > 1
    assert len(pasted) == total
    assert bound == []


def test_a_bulk_delete_runs_no_cascade(states_with_cities):
    """Query.delete() is one DELETE: the server's foreign key refuses it
    while the state has cities, and nothing changes."""
    database = states_with_cities
    before = query(database, "SELECT COUNT(*) FROM cities")
    with Session(engine(database)) as session:
        with pytest.raises(IntegrityError) as caught:
            session.query(State).filter(State.id == 1).delete(
                synchronize_session=False)
            session.commit()
    assert caught.value.orig.args[0] == 1451
    assert query(database, "SELECT COUNT(*) FROM states WHERE id = 1") \
        == [(1,)]
    assert query(database, "SELECT COUNT(*) FROM cities") == before


def test_session_delete_takes_the_cities_with_the_state(
        states_with_cities):
    """session.delete(state) runs the cascade: its cities go first."""
    database = states_with_cities
    total = query(database, "SELECT COUNT(*) FROM cities")[0][0]
    with Session(engine(database)) as session:
        cities = session.query(City).filter(City.state_id == 1).count()
        assert cities > 0
        session.delete(session.get(State, 1))
        session.commit()
    assert query(database, "SELECT COUNT(*) FROM states WHERE id = 1") \
        == [(0,)]
    assert query(database, "SELECT COUNT(*) FROM cities") \
        == [(total - cities,)]
