"""The wire: a recording proxy and the decoders of what it records.

A small package of named parts, shared by the steps of Part 8: proxy
(the recording proxy), hexdump (bytes as a capture tool shows them),
reader (fields read out of bytes, WireError when they do not fit);
MySQL's protocol in mysql_packets (framing), mysql_login, mysql_fields
and mysql_binary (what the packets hold), mysql_conversation (which
packet is which), mysql_show and login_show (printing); PostgreSQL's in
pg_frames, pg_messages and pg_show, with pg_setup (its known start);
servers (where the real servers are) and rows (from values to objects).
"""
import sys
from pathlib import Path

# The steps run as ./parts/8-wire/K-step.py: Python puts only their own
# folder on sys.path, and they report errors with the project's hints.py,
# which lives at the project's root.
sys.path.insert(1, str(Path(__file__).resolve().parents[3]))
