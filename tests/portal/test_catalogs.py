"""The zh-hans and English catalogs are complete, compiled and up to date."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    "portal",
    "grids",
    "reports",
    "volunteers",
    "mediation",
    "scoreboard",
    "templates",
    "locale",
]
LANGUAGES = ["zh_Hans", "en"]


def catalog(language, root=ROOT):
    return polib.pofile(str(root / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    po = catalog(language)
    missing = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert missing == [], f"untranslated in {language}: {missing[:10]}"
    assert fuzzy == [], f"fuzzy in {language}: {fuzzy[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_matches_the_source(language):
    po = catalog(language)
    mo = polib.mofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.mo"))
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in mo
    }
    for entry in po.translated_entries():
        key = (entry.msgctxt, entry.msgid)
        expected = (entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))
        assert compiled.get(key) == expected, (
            f"{language}: recompile for {entry.msgid!r}"
        )


def test_catalogs_hold_every_string_in_the_code(tmp_path):
    """makemessages on a copy of the sources finds nothing the catalogs lack."""
    if shutil.which("xgettext") is None:
        pytest.fail(
            "GNU gettext is needed: `make test` installs it (apt-get install gettext)"
        )
    for name in SOURCES:
        shutil.copytree(
            ROOT / name,
            tmp_path / name,
            ignore=shutil.ignore_patterns("__pycache__", "migrations"),
        )
    shutil.copy(ROOT / "manage.py", tmp_path)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-obsolete",
            "-v0",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    fresh = {
        (e.msgctxt, e.msgid) for e in catalog("zh_Hans", tmp_path) if not e.obsolete
    }
    known = {(e.msgctxt, e.msgid) for e in catalog("zh_Hans") if not e.obsolete}
    assert sorted(m for _, m in fresh - known) == []
