import contextvars
import threading

import pytest
from playwright.sync_api import sync_playwright


@pytest.mark.django_db
def test_ctx():
    from django.db import connection, connections
    print("\nbefore", hasattr(connection, "_test_serialized_contents"), id(connections["default"]), threading.get_ident())
    st = connections._connections._data.get(None)
    print("storage thread", st.thread_id if st else None)
    pw = sync_playwright().start()
    st = connections._connections._data.get(None)
    print("after", hasattr(connection, "_test_serialized_contents"), id(connections["default"]), threading.get_ident(), st.thread_id if st else None)
    pw.stop()
