"""Reference data held per process (trygg.core.reference) and public responses served from the cache."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trygg.accounts.tests.factories import OrganisationFactory
from trygg.core import reference
from trygg.core.reference import ReferenceCache
from trygg.incidents.models import Category
from trygg.incidents.residents.services import routing_rule_set
from trygg.incidents.routing import responsible_for
from trygg.open311.services import api_key_create, api_key_lookup
from trygg.public.tests.factories import resident_category

pytestmark = pytest.mark.django_db


def test_reference_cache__loads_once__reloads_after_save_and_after_refresh(monkeypatch: Any) -> None:
    loads: list[int] = []

    def load() -> int:
        loads.append(1)
        return Category.objects.count()

    cached = ReferenceCache("test-categories", load, depends_on=["incidents.Category"])
    first = cached.get()
    assert cached.get() == first and len(loads) == 1
    category = Category.objects.first()
    assert category is not None
    category.order += 1
    category.save()  # post_save replaces the version
    cached.get()
    assert len(loads) == 2
    now = reference.time.monotonic()
    monkeypatch.setattr(reference.time, "monotonic", lambda: now + reference.DEFAULT_REFRESH_SECONDS + 1)
    cached.get()  # too old: another process may have changed it without us hearing
    assert len(loads) == 3


def test_routing__rule_change__applies_to_the_next_report_without_queries() -> None:
    category = resident_category()
    first = OrganisationFactory(name="Gatuavdelningen")
    routing_rule_set(category=category, organisation=first, by=None)
    assert responsible_for(category=category).pk == first.pk
    with CaptureQueriesContext(connection) as queries:
        assert responsible_for(category=category).pk == first.pk
    assert len(queries) == 0
    second = OrganisationFactory(name="Fastighetsbolaget")
    routing_rule_set(category=category, organisation=second, by=None)
    assert responsible_for(category=category).pk == second.pk


def test_api_key__deactivated__refused_at_once() -> None:
    key, raw = api_key_create(name="Klient", organisation=OrganisationFactory())
    assert api_key_lookup(raw) is not None
    key.is_active = False
    key.save(update_fields=["is_active"])
    assert api_key_lookup(raw) is None


def test_api_key__organisation_deactivated__refused_at_once() -> None:
    key, raw = api_key_create(name="Klient", organisation=OrganisationFactory())
    assert api_key_lookup(raw) is not None
    key.organisation.is_active = False
    key.organisation.save()
    assert api_key_lookup(raw) is None


def test_api_key__cached_instance_not_shared_with_callers() -> None:
    _key, raw = api_key_create(name="Klient", organisation=OrganisationFactory())
    one = api_key_lookup(raw)
    assert one is not None
    one.name = "ändrad av en anropare"
    again = api_key_lookup(raw)
    assert again is not None and again.name == "Klient"


# ---- public responses -------------------------------------------------------------------------------------

SERVICES = reverse("open311:services", args=["json"])


def test_public_cache__second_anonymous_get_is_served_without_the_view(client: Any, monkeypatch: Any) -> None:
    from trygg.open311 import selectors

    first = client.get(SERVICES)
    assert first.status_code == 200
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]

    def view_must_not_run() -> None:
        raise AssertionError("the view ran")

    monkeypatch.setattr(selectors, "services", view_must_not_run)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(SERVICES)
    assert second.status_code == 200 and second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert len(queries) == 0
    with pytest.raises(AssertionError, match="the view ran"):
        client.get(SERVICES + "?other=1")  # another URL is another key


def test_public_cache__category_change__fresh_answer(client: Any) -> None:
    before = client.get(SERVICES).json()
    category = resident_category()
    category.name_sv = "Trasig gatubelysning"
    category.save()
    after = client.get(SERVICES).json()
    assert any(s["service_name"] == "Trasig gatubelysning" for s in after)
    assert after != before


def test_public_cache__language_is_part_of_the_key(client: Any) -> None:
    swedish = client.get(SERVICES, headers={"accept-language": "sv"}).json()
    english = client.get(SERVICES, headers={"accept-language": "en"}).json()
    category = resident_category()
    assert {s["service_name"] for s in swedish if s["service_code"] == category.code} == {category.name_sv}
    assert {s["service_name"] for s in english if s["service_code"] == category.code} == {category.name_en}


def test_public_cache__with_cookies__runs_the_view(client: Any) -> None:
    client.get(SERVICES)
    client.cookies["sessionid"] = "whatever"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(SERVICES)
    assert response.status_code == 200
    assert len(queries) > 0  # the session lookup: not served from the shared cache


def test_public_cache__errors_not_stored(client: Any) -> None:
    wrong = reverse("open311:services", args=["json"]) + "?jurisdiction_id=stockholm.se"
    assert client.get(wrong).status_code == 404
    assert client.get(wrong).status_code == 404
    assert "public" not in client.get(wrong).get("Cache-Control", "")


def test_api_responses__fixed_strict_content_security_policy(client: Any) -> None:
    response = client.get(SERVICES)
    assert response["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    page = client.get(reverse("public:home"))
    assert "script-src" in page["Content-Security-Policy"]  # pages keep the site policy with its nonce
