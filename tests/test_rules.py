"""The rules every script keeps (docs/steps.md, "Rules"), file by file.

Shebang, run bit, final newline, no CR, pycodestyle, real docstrings,
imports that run nothing and open no connection, no ``execute`` in the
SQLAlchemy steps, model modules that only define classes, and the right
driver for each half of the path.
"""
import ast
import os
import re
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import ROOT, free_port
from lesson import rules
from lesson.rules import IMPORT_PROBE, real_sentence
from lesson.steps import DBAPI, MODELS as MODEL_FILES, NAMED, ORM, SHEBANG

DBAPI_STEPS = list(DBAPI)
MODELS = list(MODEL_FILES)
ORM_STEPS = list(ORM)
SQLALCHEMY = ORM_STEPS + MODELS
EVERY = DBAPI_STEPS + SQLALCHEMY + ["hints.py"]
# Every Python file of the project (the steps, hints, lesson/, harness/,
# bench/, compat/, parts/, and bin/'s Python scripts), for pycodestyle.
PYTHON_FILES = sorted(
    str(p.relative_to(ROOT)) for p in ROOT.rglob("*.py")
    if not {".local", ".git"} & set(p.relative_to(ROOT).parts)) + sorted(
    str(p.relative_to(ROOT)) for p in (ROOT / "bin").iterdir()
    if p.read_bytes().startswith(b"#!/usr/bin/python3")
    or p.read_bytes().startswith(b"#!/usr/bin/env python3"))


def source(name):
    """The text of a top-level file."""
    return (ROOT / name).read_text("utf-8")


def tree(name):
    """The parsed syntax tree of a top-level file."""
    return ast.parse(source(name), filename=name)


def imported(name):
    """The top-level package names a file imports, anywhere in it."""
    return rules.imported(tree(name))


def test_the_top_level_holds_the_expected_files():
    """The top level has exactly the 22 task files plus hints.py, and the
    tests' shared fixtures (conftest.py, where tests beside a part see
    them)."""
    assert len(set(EVERY)) == 23
    assert (sorted(p.name for p in ROOT.glob("*.py"))
            == sorted(EVERY + ["conftest.py"]))


@pytest.mark.parametrize("name", EVERY)
def test_shebang_run_bit_and_line_ends(name):
    """Shebang first, executable, ends with a newline, no CR anywhere."""
    data = (ROOT / name).read_bytes()
    assert data.split(b"\n", 1)[0] == SHEBANG.encode()
    assert os.stat(ROOT / name).st_mode & stat.S_IXUSR
    assert data.endswith(b"\n")
    assert b"\r" not in data


def run_many(commands, **kwargs):
    """Run the commands a few at a time; their CompletedProcess, in order."""
    def one(argv):
        """Run one command, capturing its output."""
        return subprocess.run(argv, cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=60, **kwargs)
    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(one, commands))


def pycodestyle(names, cwd=ROOT):
    """pycodestyle's complaints about each file: {name: [line, ...]}.

    One process for them all (one per file cost half a minute of CPU);
    each line it prints starts with the file's name as given.
    """
    proc = subprocess.run(["pycodestyle", *names], cwd=str(cwd),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=300)
    assert proc.stderr == ""
    said = {name: [] for name in names}
    for line in proc.stdout.splitlines():
        name = line.split(":", 1)[0]
        assert name in said, line
        said[name].append(line)
    assert (proc.returncode == 0) == (not any(said.values())), proc.stdout
    return said


@pytest.fixture(scope="module")
def style():
    """pycodestyle's verdict on each file."""
    return pycodestyle(PYTHON_FILES)


def test_the_style_check_names_each_file(tmp_path):
    """A long line in a file without .py is found, and only there."""
    (tmp_path / "tool").write_text("#!/usr/bin/python3\nx = '{}'\n".format(
        "x" * 80))
    (tmp_path / "fine.py").write_text("x = 1\n")
    said = pycodestyle(["tool", "fine.py"], cwd=tmp_path)
    assert said == {"tool": ["tool:2:80: E501 line too long (86 > 79"
                             " characters)"], "fine.py": []}


def test_pycodestyle_sees_every_python_file():
    """The style check covers lesson/, harness/, bench/ and bin/ too."""
    assert set(EVERY) <= set(PYTHON_FILES)
    assert {"lesson/path.py", "conftest.py", "bin/show-sql",
            "compat/pymysql/MySQLdb/__init__.py"} <= set(PYTHON_FILES)


@pytest.mark.parametrize("name", PYTHON_FILES)
def test_pycodestyle_clean(style, name):
    """pycodestyle with default settings finds nothing in the file."""
    assert style[name] == []


@pytest.mark.parametrize("name", EVERY)
def test_real_docstrings_everywhere(name):
    """The module, every class and every function open with a sentence."""
    module = tree(name)
    assert real_sentence(ast.get_docstring(module)), name
    for node in ast.walk(module):
        if isinstance(node, (ast.ClassDef, ast.FunctionDef,
                             ast.AsyncFunctionDef)):
            doc = ast.get_docstring(node)
            assert real_sentence(doc), (name, node.name, doc)


def test_real_sentence_rejects_placeholders():
    """The docstring check refuses empty, short or unfinished summaries."""
    assert real_sentence("Print every state, in id order.")
    assert not real_sentence("")
    assert not real_sentence("Main.")
    assert not real_sentence("print every state in id order.")
    assert not real_sentence("Print every state in id order")


@pytest.fixture(scope="module")
def imports():
    """Each file imported in a process of its own, with connect refused."""
    env = dict(os.environ, MYSQL_HOST="127.0.0.1",
               MYSQL_TCP_PORT=str(free_port()), LANG="C.UTF-8")
    return dict(zip(EVERY, run_many(
        [[sys.executable, "-c", IMPORT_PROBE, str(ROOT / name)]
         for name in EVERY], env=env)))


@pytest.mark.parametrize("name", EVERY)
def test_importing_runs_nothing(imports, name):
    """Importing the file prints nothing and opens no connection."""
    proc = imports[name]
    assert proc.stderr.decode() == ""
    assert proc.stdout.decode() == ""
    assert proc.returncode == 0


def test_import_check_catches_a_connection(tmp_path):
    """The import check fails for a module that connects when imported."""
    bad = tmp_path / "bad.py"
    bad.write_text("import MySQLdb\ntry:\n    MySQLdb.connect()\n"
                   "except Exception:\n    pass\n")
    proc = subprocess.run(
        [sys.executable, "-c", IMPORT_PROBE, str(bad)], cwd=str(ROOT),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    assert proc.returncode == 3


@pytest.mark.parametrize("name", SQLALCHEMY)
def test_no_execute_in_sqlalchemy_files(name):
    """The word execute appears nowhere in the SQLAlchemy files."""
    assert "execute" not in source(name).lower()


@pytest.mark.parametrize("name", MODELS)
def test_model_modules_only_define_classes(name):
    """A model module holds imports, classes and at most Base = ...()."""
    body = tree(name).body
    assert any(isinstance(node, ast.ClassDef) for node in body)
    for node in body[1:]:
        if isinstance(node, ast.Assign):
            assert [ast.unparse(t) for t in node.targets] == ["Base"]
            assert ast.unparse(node.value) == "declarative_base()"
        else:
            assert isinstance(node, (ast.Import, ast.ImportFrom,
                                     ast.ClassDef)), ast.unparse(node)
    assert isinstance(body[0], ast.Expr)
    assert isinstance(body[0].value, ast.Constant)


@pytest.mark.parametrize("name", DBAPI_STEPS)
def test_dbapi_steps_use_mysqldb_only(name):
    """Steps 0-5 import MySQLdb and nothing from SQLAlchemy."""
    found = imported(name)
    assert "MySQLdb" in found
    assert "sqlalchemy" not in found


@pytest.mark.parametrize("name", SQLALCHEMY)
def test_orm_files_use_sqlalchemy_only(name):
    """Steps 6 and later and the models import SQLAlchemy, not MySQLdb."""
    found = imported(name)
    assert "sqlalchemy" in found
    assert "MySQLdb" not in found
    assert not re.search(r"\bMySQLdb\b", source(name))


def function_source(name, function):
    """The source text of a top-level function of a file."""
    for node in tree(name).body:
        if isinstance(node, ast.FunctionDef) and node.name == function:
            return ast.get_source_segment(source(name), node)
    raise AssertionError("{} has no {}()".format(name, function))


def main_block(name):
    """The text of the file's ``if __name__ == "__main__":`` block."""
    text = source(name)
    return text[text.index('\nif __name__ == "__main__":'):]


@pytest.mark.parametrize("steps, helper", [
    (DBAPI_STEPS, "connect"), (ORM_STEPS, "make_engine")])
def test_the_preamble_is_the_same_in_every_step_of_its_kind(steps, helper):
    """connect()/make_engine() and the __main__ block never drift.

    Each step keeps its own copy, so that it stands alone; this test makes
    the copies one text: the steps that take a state name differ only in
    the argument count and the usage line.
    """
    helpers = {function_source(name, helper) for name in steps}
    assert len(helpers) == 1, helpers
    blocks = {}
    for name in steps:
        named = name in NAMED
        blocks.setdefault(named, set()).add(main_block(name))
    assert all(len(texts) == 1 for texts in blocks.values()), blocks
    if len(blocks) == 2:
        plain, named = blocks[False].pop(), blocks[True].pop()
        assert named == plain.replace("!= 4", "!= 5").replace(
            'database_name"\n                 .format(', 'database_name"'
            '\n                 " state_name".format('), (plain, named)


def test_main_comes_first():
    """In every step the lesson, main(), is the first function."""
    for name in DBAPI_STEPS + ORM_STEPS:
        functions = [n.name for n in tree(name).body
                     if isinstance(n, ast.FunctionDef)]
        assert functions[0] == "main", (name, functions)


# --- The parts: neighbouring steps differ where the lesson is -------------

PART_FOLDERS = sorted((p for p in (ROOT / "parts").iterdir() if p.is_dir()),
                      key=lambda p: int(p.name.split("-")[0]))


class Abstract(ast.NodeTransformer):
    """What may differ between two steps' main blocks, made one thing.

    The usage's words and the argument count (literals), the drivers
    whose errors the step catches (the except tuple's first ``X.Error``
    and any that follow it: a step that compares two drivers catches
    both), and a step's own adapter of the error line (explain for
    hints.explain).
    """

    def visit_Constant(self, node):
        """Every literal: the usage's words, the argument count."""
        return ast.copy_location(ast.Constant("..."), node)

    def visit_ExceptHandler(self, node):
        """The drivers' error classes, first of the tuple caught."""
        self.generic_visit(node)
        if isinstance(node.type, ast.Tuple) and node.type.elts:
            rest = node.type.elts[1:]
            while rest and ast.unparse(rest[0]).endswith(".Error"):
                rest.pop(0)
            node.type.elts = [ast.Name("DriverError", ast.Load())] + rest
        return node

    def visit_Attribute(self, node):
        """hints.explain and a step's own explain, which calls it."""
        self.generic_visit(node)
        if ast.unparse(node) == "hints.explain":
            return ast.copy_location(ast.Name("explain", ast.Load()), node)
        return node


def abstract_main(path):
    """The step's ``if __name__ == "__main__":`` block, abstracted."""
    tree = ast.parse(path.read_text("utf-8"))
    block = tree.body[-1]
    assert ast.unparse(block.test) == "__name__ == '__main__'", path
    return ast.unparse(Abstract().visit(block))


@pytest.mark.parametrize("part", PART_FOLDERS, ids=lambda p: p.name)
def test_a_parts_steps_share_one_main_block(part):
    """In each part the steps end alike, as the task's steps do.

    Their main blocks differ only in the usage's words, the number of
    arguments and the driver whose errors they catch: a diff of two
    neighbouring steps shows the lesson, not a new way to start.
    """
    steps = sorted(part.glob("[0-9]*-*.py"))
    blocks = {abstract_main(p) for p in steps}
    assert len(steps) >= 2
    assert len(blocks) == 1, blocks


def test_the_main_block_rule_can_fail(tmp_path):
    """A step that starts another way is a second block."""
    one = tmp_path / "0-a.py"
    one.write_text('if __name__ == "__main__":\n    kit.run(main, "u p")\n')
    two = tmp_path / "1-b.py"
    two.write_text('if __name__ == "__main__":\n    main(*sys.argv[1:])\n')
    assert abstract_main(one) != abstract_main(two)
    three = tmp_path / "2-c.py"
    three.write_text('if __name__ == "__main__":\n    kit.run(main, "u")\n')
    assert abstract_main(one) == abstract_main(three)
    # Two drivers' errors are one, a third kind of error is not.
    catch = 'try:\n    main()\nexcept ({}, ValueError) as e:\n    pass\n'
    blocks = []
    for caught in ("a.Error", "a.Error, b.Error", "a.Error, OSError"):
        path = tmp_path / "3-d.py"
        path.write_text('if __name__ == "__main__":\n'
                        + "".join("    " + line + "\n" for line in
                                  catch.format(caught).split("\n")[:-1]))
        blocks.append(abstract_main(path))
    assert blocks[0] == blocks[1] != blocks[2]
