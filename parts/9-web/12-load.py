#!/usr/bin/env python3
"""Step 12: what the application costs under load, as a ratio.

Step 11's application and a bare WSGI function that answers the very
bytes it answers, without Flask, SQLAlchemy or a database, each served
by waitress as bin/web serves (8 threads, in a process of its own), take
the same load in turns: 8 clients asking GET /api/states again and
again on kept-alive connections, for SECONDS per round, two rounds each,
bare first.  Taking turns in one run, both see the same machine; the
ratio of their rates is what the framework and the database cost a
request.  Every answer is checked, byte for byte.

Usage: ./parts/9-web/12-load.py SECONDS
"""
import http.client
import importlib
import logging
import multiprocessing
import re
import socket
import sys
import threading
import time

from waitress import create_server

import kit

step11 = importlib.import_module("11-page")
CLIENTS = 8
ROUNDS = 2
PATH = "/api/states"


def bare(body):
    """A WSGI application that answers ``body`` to every request."""
    def application(environ, start_response):
        """Answer the bytes, as JSON, whatever was asked."""
        start_response("200 OK", [("Content-Type", "application/json"),
                                  ("Content-Length", str(len(body)))])
        return [body]
    return application


def serve(make, listener):
    """In a process of its own: serve make() on the listening socket."""
    server = create_server(make(), sockets=[listener], threads=8)
    # Requests waiting for a thread are the point here, not news.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    server.run()


def load(port, body, seconds):
    """CLIENTS threads asking PATH for ``seconds``: answers per second."""
    counts = []
    start = time.monotonic()

    def client():
        """Ask again and again on one connection; count right answers.

        A wrong answer, or none, ends the client without its count.
        """
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        done, end = 0, time.monotonic() + seconds
        try:
            while time.monotonic() < end:
                conn.request("GET", PATH)
                reply = conn.getresponse()
                if (reply.status, reply.read()) != (200, body):
                    return
                done += 1
        except (OSError, http.client.HTTPException):
            return
        finally:
            conn.close()
        counts.append(done)
    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if len(counts) != CLIENTS:
        sys.exit("Error: a client had a wrong answer, or none, under load")
    # The last answers may come after ``seconds``: the real time counts.
    return sum(counts) / (time.monotonic() - start)


def rate(make, body, seconds):
    """Serve make() in a new process, load it: answers per second."""
    listener = socket.create_server(("127.0.0.1", 0))
    # fork: the child gets make() as it is, a function of this process.
    server = multiprocessing.get_context("fork").Process(
        target=serve, args=(make, listener))
    server.start()
    try:
        port = listener.getsockname()[1]
        load(port, body, 0.2)  # Warm: the pool's connections, imports.
        return load(port, body, seconds)
    finally:
        server.terminate()
        server.join()
        listener.close()


def main(seconds):
    """Print each application's rate, and their ratio."""
    if not re.fullmatch(r"[0-9]{1,3}(\.[0-9]+)?", seconds) \
            or float(seconds) == 0:
        sys.exit("Error: SECONDS is a number of seconds, such as 3")
    seconds = float(seconds)
    app = step11.create_app()
    body = app.test_client().get(PATH).get_data()
    app = None  # Each server process makes its own, after the fork.
    rates = {"bare": [], "app": []}
    for _ in range(ROUNDS):
        rates["bare"].append(rate(lambda: bare(body), body, seconds))
        rates["app"].append(rate(step11.create_app, body, seconds))
    mean = {kind: sum(found) / ROUNDS for kind, found in rates.items()}
    print("GET {}: {} clients, {} rounds of {:g} s each".format(
        PATH, CLIENTS, ROUNDS, seconds))
    print("bare WSGI: {:.0f} requests/s".format(mean["bare"]))
    print("the application: {:.0f} requests/s".format(mean["app"]))
    print("a request to the application costs {:.1f} bare ones".format(
        mean["bare"] / mean["app"]))


if __name__ == "__main__":
    kit.run(main, "SECONDS")
