"""Run bin/check's command line: python3 -m check [--json] DIR."""
import sys

from check.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
