#!/usr/bin/env python3
"""Build the Hà Tĩnh NTM open-data site. Run `python build_site.py --help`."""
# Written so that any Python can run it as far as the version check: on an
# old one the maintainer gets one line saying what is needed, not a
# traceback from deep inside a package.
import sys

REQUIRED = (3, 11)


def python_problem(version=None):
    """One line saying which Python is needed, or None when `version` will do."""
    version = tuple(version or sys.version_info)[:2]
    if version >= REQUIRED:
        return None
    wanted = "%d.%d" % REQUIRED
    found = "%d.%d" % version
    return ("Cần Python %s trở lên; đang dùng Python %s. "
            "/ Python %s or newer is needed; this is Python %s." % (wanted, found, wanted, found))


def check_python():
    """Exit status for the Makefile: 0, or 1 after printing what is needed."""
    problem = python_problem()
    if problem:
        sys.stderr.write(problem + "\n")
        return 1
    return 0


if __name__ == "__main__":
    if check_python():
        sys.exit(2)
    from ntm_site.cli import main

    sys.exit(main())
