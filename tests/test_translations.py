"""The German and Indonesian catalogues (locale/<lang>/LC_MESSAGES/django.po and .mo) are complete,
compiled and up to date with the source.

The .mo files are kept in the repository (a machine without gettext cannot compile them), so these
tests catch the three ways they go wrong: a string left untranslated or fuzzy, a .po edited but not
compiled, and a string added to the code without `makemessages`.

Update the catalogues with (from the repository root):
    manage.py makemessages -l de -l id --ignore=.venv --ignore=var
    (translate, then)
    manage.py compilemessages --ignore=.venv
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
# The same plural rules as Django's own catalogues, so ngettext agrees with them.
PLURAL_FORMS = {"de": "nplurals=2; plural=(n != 1);", "id": "nplurals=1; plural=0;"}


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def entries(catalogue) -> list:
    return [entry for entry in catalogue if not entry.obsolete and entry.msgid]


def translations(catalogue) -> dict:
    """{(context, msgid, plural msgid): translation(s)} of the entries gettext would use."""
    result = {}
    for entry in entries(catalogue):
        if "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            value = tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
        else:
            value = entry.msgstr
        result[(entry.msgctxt, entry.msgid, entry.msgid_plural or None)] = value
    return result


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_exists_for_every_language(language):
    assert po_path(language).is_file()
    assert po_path(language).with_suffix(".mo").is_file()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    catalogue = polib.pofile(str(po_path(language)))
    untranslated = [entry.msgid for entry in entries(catalogue) if not entry.translated()]
    fuzzy = [entry.msgid for entry in entries(catalogue) if "fuzzy" in entry.flags]

    assert untranslated == [], f"{len(untranslated)} untranslated in {language}: {untranslated}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy in {language}: {fuzzy}"
    assert not catalogue.metadata_is_fuzzy, "the header is marked fuzzy"


@pytest.mark.parametrize("language", LANGUAGES)
def test_header_declares_language_charset_and_plural_forms(language):
    metadata = polib.pofile(str(po_path(language))).metadata

    assert metadata["Language"] == language
    assert metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert metadata["Plural-Forms"] == PLURAL_FORMS[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_po_file(language, tmp_path):
    """Compile the .po with polib and compare catalogues: a .mo compiled from an older .po (or
    not compiled at all) differs in some message."""
    source = polib.pofile(str(po_path(language)))
    fresh = tmp_path / "django.mo"
    source.save_as_mofile(str(fresh))
    expected = translations(polib.mofile(str(fresh)))
    committed = polib.mofile(str(po_path(language).with_suffix(".mo")))

    actual = translations(committed)

    stale = sorted(
        key[1] for key in expected.keys() | actual.keys() if expected.get(key) != actual.get(key)
    )
    assert stale == [], (
        f"locale/{language}/LC_MESSAGES/django.mo is out of date ({len(stale)} messages differ, "
        f"e.g. {stale[:5]}); run manage.py compilemessages --ignore=.venv"
    )
    assert committed.metadata.get("Plural-Forms") == source.metadata["Plural-Forms"]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed")
def test_po_files_hold_every_string_in_the_source(tmp_path):
    """Run makemessages on a copy of the repository and compare the messages it finds with the
    committed catalogues: a string added to the code (or removed from it) without makemessages
    fails here."""
    root = Path(settings.BASE_DIR)
    copy = tmp_path / "repo"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "var", "__pycache__", "*.pyc", ".*_cache", "node_modules"
        ),
    )
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")
    } | {"DJANGO_SETTINGS_MODULE": "lms.settings.dev", "PYTHONPATH": str(copy)}
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            *[f"--locale={language}" for language in LANGUAGES],
            "--ignore=.venv",
            "--ignore=var",
            "--verbosity=0",
        ],
        cwd=copy,
        env=environment,
        check=True,
        capture_output=True,
    )

    for language in LANGUAGES:
        regenerated = polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
        committed = polib.pofile(str(po_path(language)))
        found = {(entry.msgctxt, entry.msgid) for entry in entries(regenerated)}
        kept = {(entry.msgctxt, entry.msgid) for entry in entries(committed)}
        assert sorted(m for _c, m in found - kept) == [], (
            f"strings missing from locale/{language}: run makemessages and translate them"
        )
        assert sorted(m for _c, m in kept - found) == [], (
            f"locale/{language} has strings no longer in the code: run makemessages"
        )
