"""The scoreboard's Wagtail admin: the command map (一张图)."""

from .map import hooks as map_hooks  # noqa: F401  (registers the map's hooks)
