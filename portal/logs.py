"""Structured logs: a JSON formatter and the current request's id.

With LOG_FORMAT=json every record becomes one JSON object per line. The request
log middleware puts the request id in a context variable, so every record
written while a request is served (security events, SMS, errors) carries it.
"""

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

request_id_var = ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else was passed with extra={...}.
_STANDARD_ATTRS = set(
    logging.LogRecord("", 0, "", 0, "", None, None).__dict__
) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = request_id_var.get()
        if request_id:
            data["request_id"] = request_id
        for key, value in record.__dict__.items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                data[key] = value
        if record.exc_info:
            data["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)
