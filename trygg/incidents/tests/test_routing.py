"""Routing rules (responsible_for) and the samordnare's rule editor."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from trygg.accounts.tests.factories import OrganisationFactory
from trygg.areas.models import Area
from trygg.incidents.models import RoutingRule
from trygg.incidents.residents.services import routing_rule_set
from trygg.incidents.routing import responsible_for
from trygg.public.tests.factories import resident_category

pytestmark = pytest.mark.django_db


def test_responsible_for__area_rule_beats_municipality_rule_beats_default() -> None:
    category = resident_category()
    default, everywhere, local = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    category.default_responsible = default
    category.save()
    area = Area.objects.prioritised().first()
    other_area = Area.objects.exclude(pk=area.pk).first()
    assert responsible_for(category=category, area=area) == default
    routing_rule_set(category=category, organisation=everywhere, by=None)
    assert responsible_for(category=category, area=area) == everywhere
    routing_rule_set(category=category, organisation=local, area=area, by=None)
    assert responsible_for(category=category, area=area) == local
    assert responsible_for(category=category, area=other_area) == everywhere
    assert responsible_for(category=category) == everywhere


def test_responsible_for__inactive_organisation__skipped() -> None:
    category = resident_category()
    routing_rule_set(category=category, organisation=OrganisationFactory(is_active=False), by=None)
    assert responsible_for(category=category) is None


def test_routing_rule_set__same_category_and_area__replaces() -> None:
    category = resident_category()
    first, second = OrganisationFactory(), OrganisationFactory()
    routing_rule_set(category=category, organisation=first, by=None)
    routing_rule_set(category=category, organisation=second, by=None)
    assert list(RoutingRule.objects.values_list("organisation", flat=True)) == [second.pk]


def test_rules_view__samordnare__creates_and_deletes_rule(make_member: Any, login: Any) -> None:
    client = login(make_member(role="samordnare"))
    gata = OrganisationFactory(name="Gatuavdelningen")
    assert client.get(reverse("routing:rules")).status_code == 200
    response = client.post(reverse("routing:rules"), {"category": resident_category().pk, "organisation": gata.pk})
    assert response.status_code == 302
    rule = RoutingRule.objects.get()
    assert rule.organisation == gata and rule.area is None
    assert "Gatuavdelningen" in client.get(reverse("routing:rules")).content.decode()
    client.post(reverse("routing:rule_delete", args=[rule.pk]))
    assert not RoutingRule.objects.exists()


def test_rules_view__invalid__400_with_field_errors(make_member: Any, login: Any) -> None:
    response = login(make_member(role="samordnare")).post(reverse("routing:rules"), {"category": ""})
    assert response.status_code == 400
    assert "Välj en kategori." in response.content.decode()
    assert not RoutingRule.objects.exists()


def test_rules_view__anonymous__login_redirect(client: Any) -> None:
    for url in (reverse("routing:rules"), reverse("routing:rule_delete", args=[1])):
        response = client.get(url) if url.endswith("regler/") else client.post(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("role", "kind"), [("atgardsansvarig", "forvaltning"), ("samordnare", "bostadsbolag"),
                                            ("rapportor", "polis")])
def test_rules_view__not_authority_samordnare__403(make_member: Any, login: Any, role: str, kind: str) -> None:
    rule = routing_rule_set(category=resident_category(), organisation=OrganisationFactory(), by=None)
    client = login(make_member(role=role, kind=kind))
    assert client.get(reverse("routing:rules")).status_code == 403
    assert client.post(reverse("routing:rule_delete", args=[rule.pk])).status_code == 403
    assert RoutingRule.objects.exists()
