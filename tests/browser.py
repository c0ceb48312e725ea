"""Helpers for the browser tests."""

from django.test import Client


def log_in(context, live_server, user):
    """Staff would log in with TOTP; the test forces the session cookie instead."""
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
