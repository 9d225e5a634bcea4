"""A first look: the tour's path on fresh copies of the task databases."""
from conftest import data_selects, ok, server_log


def test_step_0_prints_the_five_states(dbs):
    """Step 0 prints the five states as tuples, in id order."""
    db = dbs.new("hbtn_0e_0_usa")
    assert ok("0-select_states.py", db) == (
        "(1, 'California')\n(2, 'Arizona')\n(3, 'Texas')\n"
        "(4, 'New York')\n(5, 'Nevada')\n")


def test_step_101_sends_one_select(dbs):
    """Step 101 reads states and cities with one SELECT."""
    db = dbs.new("hbtn_0e_101_usa")
    with server_log(db) as received:
        ok("101-relationship_states_cities_list.py", db)
    assert len(data_selects(received)) == 1, received
