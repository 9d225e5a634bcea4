"""What runs the collection against real servers, for the tests and tools.

The server the collection uses and its general query log (server), what
a received statement says about how it was built (queries), the docs'
console transcripts (transcript), bin/tour (tour), the compatibility
matrix's legs (legs, legs.txt), and Part 12's servers (cluster: a
replica pair, a Galera cluster, a PostgreSQL standby).  The contract
itself, the data these serve, is in lesson/.
"""
