"""Keeps tracking tokens out of logs.

Django's request log and the development server's access log (and gunicorn's,
when it runs in the same process) write the request path; the path of a
tracking link carries the token, so these loggers get a filter that blanks it.
"""

import logging
import re

TOKEN_IN_PATH = re.compile(r"(/report/track/|/open311/v2/tokens/)[^/\s\"?]+")
REDACTED = r"\1[redacted]"
LOGGERS = ["django.request", "django.server", "gunicorn.access", "gridwatch.security"]


class TrackingTokenFilter(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        if "/report/track/" in message or "/open311/v2/tokens/" in message:
            record.msg = TOKEN_IN_PATH.sub(REDACTED, message)
            record.args = ()
        return True


def install():
    token_filter = TrackingTokenFilter()
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, TrackingTokenFilter) for f in logger.filters):
            logger.addFilter(token_filter)
