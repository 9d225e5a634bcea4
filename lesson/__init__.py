"""The collection's contract, as data.

What the steps must do and the data that proves it: the step list
(steps), the path with its exact outputs (path), the hostile dataset and
its expected outputs (hostile), the injection inputs (injection.txt),
what each writing step leaves (effects) and the rules read off a file
(rules).  The tests, bin/tour, bin/check and the benchmark all read them
from here; docs/steps.md says the same in words.  What runs them against
a server is in harness/.
"""
