"""The English catalogue is complete and well formed, and English visitors get English pages.

The catalogue checks parse the .po with Babel (no database). The page checks compile the catalogue to .mo
first (the .mo files are git-ignored), so the suite works on a fresh checkout.
"""

from __future__ import annotations

import fcntl
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.checkers import checkers
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

PO_PATH = Path(settings.BASE_DIR) / "trygg" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _catalog() -> Catalog:
    with PO_PATH.open("rb") as handle:
        return read_po(handle, locale="en")


def _entries(catalog: Catalog) -> list[Message]:
    return [message for message in catalog if message.id]


def _label(message: Message) -> str:
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return msgid[:70]


@pytest.fixture(scope="session")
def english_catalogue_compiled() -> Iterator[None]:
    """Compile the .po files to .mo once per test process and make Django reload its catalogues."""
    # pytest-xdist workers share the file system: serialise so no worker reads a half-written .mo.
    lock_path = Path(tempfile.gettempdir()) / "trygg-compile-translations.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            call_command("compile_translations", verbosity=0)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    # Changing LOCALE_PATHS fires Django's setting_changed handler, which drops cached translations that may
    # have been loaded in this process before the .mo existed.
    with override_settings(LOCALE_PATHS=list(settings.LOCALE_PATHS)):
        pass
    yield


def test_english_catalogue__every_entry__has_a_translation() -> None:
    catalog = _catalog()
    untranslated = []
    for message in _entries(catalog):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(s.strip() for s in strings):
            untranslated.append(_label(message))
    assert len(_entries(catalog)) > 1000
    assert untranslated == []


def test_english_catalogue__entries__are_not_fuzzy() -> None:
    catalog = _catalog()
    assert not catalog.fuzzy
    assert [_label(m) for m in _entries(catalog) if m.fuzzy] == []


def test_english_catalogue__babel_checkers__report_no_placeholder_errors() -> None:
    catalog = _catalog()
    errors = []
    for message in _entries(catalog):
        errors.extend(f"{_label(message)}: {error}" for error in message.check(catalog))
    assert checkers, "Babel ships the python_format and num_plurals checkers"
    assert errors == []


def test_english_catalogue__plural_entries__fill_both_forms() -> None:
    catalog = _catalog()
    plurals = [m for m in _entries(catalog) if m.pluralizable]
    assert plurals
    assert [_label(m) for m in plurals if len(m.string) != catalog.num_plurals or not all(m.string)] == []


@pytest.mark.django_db
def test_home_page__english_cookie__renders_english(client: Client, english_catalogue_compiled: None) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get(reverse("public:home")).content.decode()

    assert 'lang="en"' in html
    assert "Report an unsafe place" in html
    assert "Skip to content" in html
    assert "Rapportera en otrygg plats" not in html
    assert "Hoppa till innehållet" not in html


@pytest.mark.django_db
def test_login_page__english_accept_language__renders_english(client: Client, english_catalogue_compiled: None) -> None:
    html = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Forgotten your password?" in html
    assert "Username" in html
    assert "Glömt lösenordet?" not in html
    assert "Användarnamn" not in html


@pytest.mark.django_db
def test_login_page__no_language_preference__stays_swedish(client: Client, english_catalogue_compiled: None) -> None:
    html = client.get(reverse("accounts:login")).content.decode()

    assert "Glömt lösenordet?" in html
    assert "Forgotten your password?" not in html


def test_english_catalogue__covers_every_translatable_string_in_the_source(tmp_path: Path, monkeypatch) -> None:
    """makemessages over a copy of the sources: a new Swedish string without its English entry fails here.
    (makemessages writes into every locale directory it finds under the working directory, hence the copy.)"""
    import shutil

    if shutil.which("xgettext") is None:  # GNU gettext extracts the strings (Debian package gettext)
        pytest.skip("xgettext not installed: apt-get install gettext")
    base = Path(settings.BASE_DIR)
    for folder in ("config", "trygg"):
        shutil.copytree(base / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    monkeypatch.chdir(tmp_path)
    copy = tmp_path / "trygg" / "locale"
    with override_settings(LOCALE_PATHS=[copy]):
        call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)
    with (copy / "en" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        extracted = read_po(handle, locale="en")
    committed = {message.id for message in _entries(_catalog())}
    missing = sorted(_label(message) for message in _entries(extracted) if message.id not in committed)
    assert missing == [], "run manage.py makemessages -l en and translate the new entries"
