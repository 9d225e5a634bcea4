"""The hostile inputs for a state name, read from injection.txt."""
from pathlib import Path

DATA = Path(__file__).resolve().parent / "injection.txt"
OR_TRUE = "' OR '1'='1"
TASK_TEXT = ("Arizona'; TRUNCATE TABLE states ; SELECT * FROM states"
             " WHERE name = '")
UNION = "' UNION SELECT id, name FROM cities -- "
SLEEPY = "Arizona' AND SLEEP(3) -- "
# Too long for a readable line in the data file; argv takes up to 128 KiB.
LONG = ("A" * 60000, (OR_TRUE * 6000)[:60000])


def load(path=DATA):
    """Read the inputs: the text between the first and last | of a line.

    Lines starting with # are comments, blank lines are skipped; any other
    line must start and end with |, so a damaged line fails loudly.
    """
    inputs = []
    for count, line in enumerate(path.read_text("utf-8").split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if len(line) < 2 or not line[0] == line[-1] == "|":
            raise ValueError("{}:{}: an input must be written as |input|"
                             .format(path.name, count))
        inputs.append(line[1:-1])
    return inputs


CORPUS = tuple(load())
INPUTS = CORPUS + LONG
