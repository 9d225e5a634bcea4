"""Run the application's server: python -m webapp, as bin/web does."""
import sys

from webapp.serve import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
