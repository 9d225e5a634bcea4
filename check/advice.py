"""What to do about a failure: one or two plain sentences per kind.

Written from what students of this lesson run into most: unordered
results, MySQL's case- and accent-insensitive comparisons, a tab typed as
spaces, a shebang or line ending the checker refuses, a forgotten commit,
one query per row.  Each failure gets the advice of the cause its
evidence shows, or none that assumes a cause.
"""

ADVICE = {
    "shebang": "Make the first line exactly #!/usr/bin/python3 (no space,"
               " no env, nothing before it).",
    "run bit": "Run chmod +x {name}; if the file comes from Windows, also"
               " git update-index --chmod=+x {name} before committing.",
    "crlf": "Save the file with Unix line endings: sed -i 's/\\r$//' {name}"
            " (a CR after the shebang gives 'bad interpreter: ^M').",
    "newline": "End the file with a newline after its last line.",
    "pycodestyle": "Run pycodestyle {name} and fix every line it names.",
    "syntax": "Run python3 {name} and fix the line it names (a TabError:"
              " indent with spaces only, four per level).",
    "cannot import": "Run python3 {name} and fix the line the error"
                     " names: a module or a name that is not there, or"
                     " a model file that cannot be read.",
    "docstring": "Give the module, and each class and function, a"
                 " docstring that says what it does in a whole sentence:"
                 " a capital letter, a few words, a full stop.",
    "execute": "Use the ORM query API (session.query(...), session.get())"
               " and remove the word execute, comments included.",
    "driver": "Steps 0 to 5 import MySQLdb; steps 6 and later and the"
              " models import SQLAlchemy.",
    "model code": "Keep a model module to imports, Base = declarative_base()"
                  " and classes; put any work in the steps.",
    "on import": "Put the script's work in functions called under"
                 " if __name__ == \"__main__\":, so importing it runs"
                 " nothing.",
    "timeout": "Look for a loop that never ends or a wait for input; every"
               " step reads its arguments and finishes in a second.",
    "errors": "Check len(sys.argv) first and, if it is wrong, print one"
              " usage line to stderr and exit non-zero, for example"
              " sys.exit(\"Usage: ...\").",
    "crash": "Run the command yourself and read the last line of the"
             " error: it names the problem.",
    "connect": "Your script did not reach the server bin/check uses."
               " Graders run it against localhost, port 3306, so connect"
               " there; if your server is elsewhere (Docker on 127.0.0.1,"
               " another port), leave MYSQL_HOST unset so that bin/check"
               " uses the project-local server, or read MYSQL_HOST and"
               " MYSQL_TCP_PORT as this project's steps do.",
    "order": "Ask the server for the order: ORDER BY states.id (or"
             " order_by(State.id)); rows without it come in whatever"
             " order the storage or an index gives.",
    "order cities": "Order the cities too: .outerjoin(State.cities)"
                    ".options(contains_eager(State.cities)).order_by("
                    "State.id, City.id), or relationship(\"City\","
                    " order_by=\"City.id\", ...); the query's order_by()"
                    " does not reach the JOIN that joinedload adds.",
    "exact": "Compare the names byte for byte, not with MySQL's default"
             " collation: CAST(name AS BINARY) = %s or LIKE BINARY 'N%'"
             " in SQL, func.binary(State.name) == name (or"
             " State.name.like(func.binary('%a%'))) in the ORM.",
    "trailing": "Compare bytes, not a collation: every collation of"
                " MySQL, utf8mb4_bin too, ignores trailing spaces with ="
                "; CAST(name AS BINARY) = %s in SQL, func.binary("
                "State.name) == name in the ORM does not.",
    "wildcard": "Compare with = instead of LIKE: inside LIKE, a % or _ in"
                " the name matches any text (byte for byte:"
                " CAST(name AS BINARY) = %s).",
    "format": "Print each line exactly in the task's format: compare the"
              " expected line above with yours, character by character.",
    "differs": "No known mistake prints this: compare the expected line"
               " with yours, on the data named above.",
    "charset": "Connect with the utf8mb4 character set (charset="
               "\"utf8mb4\" for MySQLdb, ?charset=utf8mb4 in a URL):"
               " with utf8, a 4-byte letter such as an emoji becomes ?.",
    "pasted": "Pass the name as a parameter (cursor.execute(\"... = %s\","
              " (name,))); pasted into the SQL text, a quote in it ends"
              " the string and breaks the query.",
    "several": "Compare byte for byte (func.binary(State.name) == name):"
               " MySQL's collation made the filter match several rows,"
               " so one() or one_or_none() raised.",
    "spaces": "Print the spaces exactly: a tab is \"\\t\" (step 101), not"
              " spaces, and no space at either end of a line.",
    "stray": "Print only the task's output on stdout: remove the extra"
             " print, or send such messages to stderr.",
    "empty": "Print what the task says for no row: Nothing (step 8), Not"
             " found (step 10), an empty line (step 5).",
    "commit": "Call session.commit() after the change: flush() sends it"
              " but the transaction is rolled back when the script ends.",
    "model": "Declare the columns as the task says: id = Column(Integer,"
             " primary_key=True, autoincrement=True, nullable=False), name"
             " = Column(String(128), nullable=False) and, for City,"
             " state_id = Column(Integer, ForeignKey(\"states.id\"),"
             " nullable=False).",
    "relationship": "Give State a cities = relationship(\"City\","
                    " back_populates=\"state\", cascade=\"all,"
                    " delete-orphan\") and City a state = relationship("
                    "\"State\", back_populates=\"cities\"), one shared"
                    " Base.",
    "rows": "Compare the rows your script leaves with the expected ones:"
            " change exactly the rows the task names and commit.",
    "n+1": "Load the related rows in the same query: for 101,"
           " .outerjoin(State.cities).options(contains_eager("
           "State.cities)).order_by(State.id, City.id); for 102,"
           " .join(City.state).options(contains_eager(City.state))"
           ".order_by(City.id).",
    "limit": "Fetch one row only: session.query(State)"
             ".order_by(State.id).first() sends LIMIT 1.",
    "one select": "Send one SELECT that JOINs the tables; do not query"
                  " again for each row.",
    "bound": "Pass the name as a parameter: cursor.execute(\"... = %s\","
             " (name,)) in MySQLdb, filter(State.name == name) in the ORM;"
             " never format() or + it into the SQL.",
    "where": "Let the server filter: put the condition in WHERE (filter()"
             " in the ORM) so that only matching rows come back.",
    "step 2": "Step 2 is the injectable version on purpose: paste the"
              " name into the SQL with format(), as the task asks; step 3"
              " is the safe one.",
    "injection": "Pass the name as a parameter (%s with a tuple), never"
                 " pasted into the SQL text: then no input can change the"
                 " query.",
}


def do(kind, name=""):
    """The advice for a kind of failure, with the file's name filled in."""
    return ADVICE[kind].format(name=name)
