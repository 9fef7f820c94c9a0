#!/usr/bin/env python3
"""Build the Hà Tĩnh NTM open-data site. Run `python build_site.py --help`."""
import sys

if __name__ == "__main__":
    # Imported here, not above: the build's rendering processes import this
    # file again, and need none of it.
    from ntm_site.cli import main

    sys.exit(main())
