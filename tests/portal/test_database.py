import os

from django.db import connection


def test_suite_runs_on_the_database_it_was_asked_for(db):
    expected = (
        "postgresql"
        if os.environ.get("GRIDWATCH_TEST_DB") == "postgresql"
        else "sqlite"
    )
    assert connection.vendor == expected
