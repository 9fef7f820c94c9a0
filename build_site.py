#!/usr/bin/env python3
"""Build the Hà Tĩnh NTM open-data site. Run `python build_site.py --help`."""
import sys

from ntm_site.cli import main

if __name__ == "__main__":
    sys.exit(main())
