"""Shared pytest fixtures: users with roles, signed-in clients (with the second factor), browser."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from trygg.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """Each test starts with an empty cache (rate-limit buckets, cached hotspot pictures) and reloads the
    reference data held in the process (the previous test's rows were rolled back)."""
    from django.core.cache import cache

    from trygg.core.reference import forget_local

    cache.clear()
    forget_local()
    yield


@pytest.fixture
def quick_forms(settings: Any) -> None:
    """Tests that post the public report form do not wait the 3-second minimum fill time."""
    settings.TRYGG_FORM_MIN_SECONDS = 0


@pytest.fixture
def make_member(db: Any) -> Callable[..., Any]:
    """make_member(role="rapportor", kind="forvaltning", organisation=None) -> User with that membership."""

    def _make(role: str = "rapportor", kind: str = "forvaltning", organisation: Any = None, **user_kwargs: Any) -> Any:
        organisation = organisation or OrganisationFactory(kind=kind)
        user = UserFactory(**user_kwargs)
        MembershipFactory(user=user, organisation=organisation, role=role)
        return user

    return _make


def sign_in(client: Client, user: Any, verified: bool = True) -> Client:
    """Log a user in, with a confirmed TOTP device and a verified session unless verified=False."""
    client.force_login(user)
    if verified:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="test", confirmed=True
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def login(db: Any) -> Callable[..., Client]:
    """login(user, verified=True) -> a new Client signed in as user."""

    def _login(user: Any, verified: bool = True) -> Client:
        return sign_in(Client(), user, verified=verified)

    return _login


def reseed_reference_data() -> None:
    """Put back the rows the data migrations seed (areas, EST and residents' categories, the survey question
    bank) when a transactional test's flush has removed them. Every database test calls it at setup: with
    pytest-xdist's --dist loadfile a worker may run a transactional test before ordinary ones."""
    from trygg.areas.data import load_areas
    from trygg.areas.models import Area
    from trygg.incidents.categories import seed_categories
    from trygg.incidents.models import Category
    from trygg.incidents.residents.categories import link_resident_categories, seed_resident_categories
    from trygg.surveys.bank import ensure_question_bank
    from trygg.surveys.models import Question

    if not Area.objects.exists():
        load_areas(Area)
    if not Category.objects.filter(is_est=True).exists():
        seed_categories(Category)
    if not Category.objects.filter(is_est=False).exists():
        seed_resident_categories(Category)
        link_resident_categories(Category)
    if not Question.objects.exists():
        ensure_question_bank()


@pytest.fixture(autouse=True)
def _transactional_support(request: Any) -> Any:
    """Around transactional tests (live server, concurrency): reference rows back, audit triggers lifted
    only for the flush that ends the test."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (
        "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
        or bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    )
    from django.db import connection

    from trygg.core import audit_triggers

    if not transactional:
        if "db" in request.fixturenames or marker is not None:
            if _audit_triggers_lifted:  # a transactional test ran before in this process (xdist --dist loadfile)
                with request.getfixturevalue("django_db_blocker").unblock():
                    audit_triggers.install(connection)  # committed, before the test's transaction begins
                _lift_audit_triggers(False)
            request.getfixturevalue("db")
            reseed_reference_data()  # inside the test's transaction: rolled back with it
        yield
        return
    request.getfixturevalue("transactional_db")
    audit_triggers.install(connection)
    reseed_reference_data()
    yield
    audit_triggers.uninstall(connection)
    _lift_audit_triggers(True)  # the flush that follows leaves them out; the next database test puts them back


_audit_triggers_lifted = False


def _lift_audit_triggers(lifted: bool) -> None:
    global _audit_triggers_lifted
    _audit_triggers_lifted = lifted


@pytest.fixture
def reference_data(transactional_db: Any) -> None:
    reseed_reference_data()


# ---- browser (Playwright on Debian's Chromium) -------------------------------------------------

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def _browser() -> Any:
    import os
    import shutil

    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        if os.environ.get("TRYGG_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (TRYGG_REQUIRE_BROWSER=1): apt-get install chromium")
        pytest.skip("Chromium not installed: apt-get install chromium chromium-driver")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    # A service worker's own requests are seen by context.route() only with this: the walk tests take them
    # offline with a route, since set_offline() does not reach them (playwright#2311)
    os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(_browser: Any, live_server: Any, reference_data: None, settings: Any) -> Any:
    """A fresh desktop page against the live server; tiles off so nothing leaves the machine."""
    settings.TRYGG_TILE_URL = ""
    context = _browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    page = context.new_page()
    page.base_url = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture
def phone_page(_browser: Any, live_server: Any, reference_data: None, settings: Any) -> Any:
    """A phone-sized page (iPhone-like viewport, touch) against the live server."""
    settings.TRYGG_TILE_URL = ""
    context = _browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                   locale="sv-SE")
    page = context.new_page()
    page.base_url = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()


TEST_PASSWORD = "correct horse battery staple"  # noqa: S105  (factories' test password)


def browser_sign_in(page: Any, live_server_url: str, username: str, password: str = TEST_PASSWORD) -> None:
    """Sign in through the real login form. Tests that need /org/ pages set settings.TRYGG_REQUIRE_MFA = False."""
    page.goto(f"{live_server_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def click_transition(page: Any, label: str, note: str = "") -> None:
    """Press a status button (e.g. "Ändra till Pågår"), filling its form's note first, and wait for the page."""
    form = page.locator("form", has=page.get_by_role("button", name=label))
    if note:
        form.locator("textarea").fill(note)
    with page.expect_navigation():
        form.get_by_role("button", name=label).click()


def save_screenshot(page: Any, path: Any) -> None:
    """A full-page screenshot to look at by hand (not a check). Headless Chromium now and then answers "Unable to
    capture screenshot" under load (a CI run failed on it): retried once, then the visible part, then a warning."""
    import warnings

    from playwright.sync_api import Error

    for full_page in (True, True, False):
        try:
            page.screenshot(path=str(path), full_page=full_page)
            return
        except Error as exc:
            if "Unable to capture screenshot" not in str(exc):
                raise
            page.wait_for_timeout(500)
    warnings.warn(f"no screenshot saved at {path}: Chromium could not capture it", stacklevel=2)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core WCAG 2.0/2.1 A and AA violations on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={
        "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        "resultTypes": ["violations"],
    })
    return [
        {"id": v["id"], "impact": v.get("impact"), "nodes": [n.get("target") for n in v.get("nodes", [])][:5]}
        for v in results.response.get("violations", [])
    ]
