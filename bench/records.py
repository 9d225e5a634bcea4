"""The named records the benchmark's parts pass each other.

Every figure of a run lives in one of these frozen dataclasses, so a
reader names what they want (``result.timing.ratio``) instead of counting
slots; ``dataclasses.asdict`` turns a whole run into results.json, and
load() turns results.json back into the records.
"""
import typing
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Dict, Optional, Tuple

from lesson.path import CITIES


@dataclass(frozen=True)
class Size:
    """A database size: its label, its states and cities per state.

    ``per_state`` None means the task's own file (sql/hbtn_0e_101_usa.sql):
    5 states and their 15 cities.
    """

    label: str
    states: int
    per_state: Optional[int] = None
    cities: int = field(init=False)

    def __post_init__(self):
        """Work out how many cities a database of this size holds."""
        cities = (len(CITIES) if self.per_state is None
                  else self.states * self.per_state)
        object.__setattr__(self, "cities", cities)


@dataclass(frozen=True)
class Step:
    """A read step as the benchmark runs it: file, arguments, kind."""

    script: str
    args: Tuple[str, ...]
    kind: str   # "DB-API" or "ORM"

    @property
    def number(self):
        """The step's number, as text: "101" for 101-relationship_..."""
        return self.script.split("-", 1)[0]


@dataclass(frozen=True)
class Sample:
    """One timed run of a command, as bench/runner.py saw it."""

    seconds: float      # wall time
    cpu: float          # the process's user + system time
    rss: int            # its peak memory (max RSS), bytes


@dataclass(frozen=True)
class Count:
    """What the counting run of a step saw: the log, and its output."""

    statements: Tuple[str, ...]     # every Query the server received
    data_selects: Tuple[str, ...]   # those reading states or cities
    lines: int                      # lines the step printed
    expected_lines: int
    exact: bool                     # stdout compared byte for byte


@dataclass(frozen=True)
class Timing:
    """A step's timed runs and its baseline's (the mysql client's)."""

    time: float         # median wall time, seconds
    rss: int            # peak memory over the runs, bytes
    base_time: float
    base_rss: int
    ratio: float        # time / base_time
    cpu: float          # median user + system time of the process
    base_cpu: float
    cpu_ratio: float    # cpu / base_cpu: the client side's own cost
    times: Tuple[float, ...]
    base_times: Tuple[float, ...]


@dataclass(frozen=True)
class StepResult:
    """One step at one size: what it sent and how long it took."""

    step: Step
    count: Count
    timing: Timing


@dataclass(frozen=True)
class SizeResult:
    """Everything measured on one size."""

    size: Size
    database: str
    built: Optional[float]  # seconds to build it; None when reused
    steps: Tuple[StepResult, ...]

    def result(self, script):
        """The StepResult of ``script`` at this size."""
        return next(r for r in self.steps if r.step.script == script)


@dataclass(frozen=True)
class Floor:
    """An ORM step against its floor (bench/floor.py), task size."""

    script: str
    time: float
    floor: float
    ratio: float
    statements: int


@dataclass(frozen=True)
class StartUp:
    """What starting alone costs, median seconds, for scale."""

    python: float           # python3 -c pass
    import_mysqldb: float   # python3 -c 'import MySQLdb'
    import_orm: float       # python3 -c 'import sqlalchemy.orm'
    mysql_select_1: float   # the mysql client's whole SELECT 1


@dataclass(frozen=True)
class Server:
    """The server measured against: version and memory settings."""

    version: str
    settings: Dict[str, int]    # variable name -> bytes


@dataclass(frozen=True)
class Target:
    """A target of bench/README.md, whether this run met it, and why."""

    name: str
    met: bool
    figures: str


@dataclass(frozen=True)
class Results:
    """A whole run of the benchmark."""

    command: str
    date: str
    cores: int
    python: str
    sqlalchemy: str
    mysqlclient: str
    server: Server
    repeats: str
    sizes: Tuple[SizeResult, ...]
    floor: Tuple[Floor, ...]
    startup: Optional[StartUp]
    retries: Tuple[str, ...]
    elapsed: float
    load: Tuple[float, ...]     # 1-minute load average, start and end
    targets: Tuple[Target, ...] = ()


def load(kind, value):
    """Rebuild a record of type ``kind`` from its JSON ``value``."""
    if is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        return kind(**{f.name: load(hints[f.name], value[f.name])
                       for f in fields(kind) if f.init})
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is tuple:
        return tuple(load(args[0], item) for item in value)
    if origin is typing.Union:   # Optional[X]
        return None if value is None else load(args[0], value)
    return value
