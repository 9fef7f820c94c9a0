"""The web server of the preview (`build_site.py serve`): the standard library's,
quiet about readers who left.

A browser that moves on while a file is still being sent (a reload, a click
before a chart finished loading, a phone changing pages) closes its
connection, and the standard server prints a traceback for each such
request. In the terminal where a maintainer watches the rebuilds, those read
like faults of the build. They are left out; any other error is still
printed as the standard server prints it.
"""
from __future__ import annotations

import http.server
import sys

# How the operating system says the reader's end of the connection has gone.
READER_LEFT = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)


class PreviewServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # Called by socketserver while the request's exception is being handled.
        if isinstance(sys.exc_info()[1], READER_LEFT):
            return
        super().handle_error(request, client_address)
