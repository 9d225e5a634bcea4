"""python3 -m check.github: GitHub Classroom's autograding workflow.

Prints check/templates/classroom.yml (the tests compare the two): the
student's repository and this project checked out side by side, one run
of bin/check --json (as root: Ubuntu 24.04 refuses unprivileged user
namespaces to bubblewrap), then one graded step per task file, each
worth one point, which passes when that file holds and prints its why
and advice (check/verdict.py), and the reporter that adds them up.
"""
import re

from lesson.steps import TASK_FILES

HEAD = """\
# GitHub Classroom autograding with bin/check (docs/check.md).
# Put this file in the assignment's template repository as
# .github/workflows/classroom.yml, and set CHECKER to the repository
# that holds this project.  Made by python3 -m check.github.
name: Autograding Tests
"on":
  - push
  - repository_dispatch
permissions:
  checks: write
  actions: read
  contents: read
env:
  CHECKER: your-school/this-project
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    steps:
      - uses: actions/checkout@v4
        with:
          path: submission
      - uses: actions/checkout@v4
        with:
          repository: ${{ env.CHECKER }}
          path: checker
      - name: bin/check --json
        run: sudo checker/bin/check --json submission > check.json || true
"""
STEP = """\
      - name: {name}
        id: {id}
        uses: classroom-resources/autograding-command-grader@v1
        with:
          test-name: {name}
          command: cd checker && python3 -m check.verdict ../check.json {name}
          timeout: 1
          max-score: 1
"""
REPORTER = """\
      - name: Autograding Reporter
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
{env}
        with:
          runners: {runners}
"""


def step_id(name):
    """A step's id: the file's name in letters, digits and hyphens."""
    return "f-" + re.sub("[^a-z0-9]+", "-", name[:-3].lower())


def workflow():
    """The workflow, as text."""
    ids = [step_id(name) for name in TASK_FILES]
    env = "\n".join('          {}_RESULTS: "${{{{steps.{}.outputs.result}}}}"'
                    .format(i.upper(), i) for i in ids)
    return HEAD + "".join(STEP.format(name=n, id=i) for n, i in zip(
        TASK_FILES, ids)) + REPORTER.format(env=env, runners=",".join(ids))


if __name__ == "__main__":
    print(workflow(), end="")
