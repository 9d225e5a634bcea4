"""What runs the collection against real servers, for the tests and tools.

The server the collection uses and its general query log (server), what
a received statement says about how it was built (queries), the docs'
console transcripts (transcript), bin/tour (tour) and the compatibility
matrix's legs (legs, legs.txt).  The contract itself, the data these
serve, is in lesson/.
"""
