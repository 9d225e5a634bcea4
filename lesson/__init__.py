"""The collection's contract as data, and the helpers that serve it.

One place for what the steps must do and for the data that proves it:
the step list (steps), the path with its exact outputs (path), the hostile
dataset and its expected outputs (hostile), the injection inputs
(injection.txt), the server helpers (server) and the docs' console
transcripts (transcript).  The tests, bin/tour, bin/check and the
benchmark all read them from here; docs/steps.md says the same in words.
"""
