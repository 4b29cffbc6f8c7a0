"""Setting up agreements, goals, promises with activities and networks through the samordnare's forms."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from trygg.areas.models import Area
from trygg.collaboration.models import Agreement, Goal, Network, Promise, PromiseActivity, Signatory

from .factories import AgreementFactory, PromiseFactory

pytestmark = pytest.mark.django_db


def test_agreement__create_and_fill_in__shown_with_goal(cast: dict[str, Any], login: Any) -> None:
    client = login(cast["samordnare"])
    response = client.post(reverse("collaboration:agreement_create"), {
        "title": "SÖ 2028–2031", "parties": [cast["partner_org"].pk, cast["other_org"].pk],
        "period_start": "2028-01-01", "period_end": "2031-12-31"})
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    client.post(reverse("collaboration:agreement_add", args=[agreement.pk, "signatory"]),
                {"s-name": "Anna Berg", "s-role": "Lokalpolisområdeschef"})
    client.post(reverse("collaboration:agreement_add", args=[agreement.pk, "problem"]),
                {"p-title": "Narkotika", "p-likely_causes": "Öppen försäljning"})
    problem = agreement.problems.get()
    client.post(reverse("collaboration:agreement_add", args=[agreement.pk, "goal"]),
                {"n-indicator": "Rapporter om försäljning", "n-problem": problem.pk, "n-baseline": "40",
                 "n-target": "20"})
    page = client.get(reverse("collaboration:agreement", args=[agreement.pk])).content.decode()
    assert Signatory.objects.get().role == "Lokalpolisområdeschef"
    assert Goal.objects.get().problem == problem
    assert "Rapporter om försäljning" in page and "Anna Berg" in page


def test_agreement__period_ends_before_start__error_nothing_saved(cast: dict[str, Any], login: Any) -> None:
    response = login(cast["samordnare"]).post(reverse("collaboration:agreement_create"), {
        "title": "Fel", "parties": [cast["partner_org"].pk, cast["other_org"].pk],
        "period_start": "2028-01-01", "period_end": "2027-12-31"})
    assert response.status_code == 400
    assert "Perioden kan inte sluta innan den börjar." in response.content.decode()
    assert not Agreement.objects.exists()


def test_goal__target_equal_to_baseline__error(cast: dict[str, Any], login: Any) -> None:
    agreement = AgreementFactory()
    response = login(cast["samordnare"]).post(reverse("collaboration:agreement_add", args=[agreement.pk, "goal"]),
                                              {"n-indicator": "X", "n-baseline": "5", "n-target": "5"})
    assert response.status_code == 400 and not Goal.objects.exists()


def test_promise__create_with_activity__then_duplicate_year_refused(cast: dict[str, Any], login: Any) -> None:
    client = login(cast["samordnare"])
    froslunda = Area.objects.get(slug="froslunda")
    data = {"area": froslunda.pk, "year": 2027, "title": "Tryggare Fröslunda", "problem": "Narkotikaförsäljning"}
    client.post(reverse("collaboration:promise_create"), data)
    promise = Promise.objects.get()
    client.post(reverse("collaboration:activity_add", args=[promise.pk]),
                {"new-text": "Riktade insatser", "new-owner": "polis", "new-target_count": 20})
    duplicate = client.post(reverse("collaboration:promise_create"), data)
    assert promise.stage == "dialogue"
    assert PromiseActivity.objects.get().target_count == 20
    assert duplicate.status_code == 400 and Promise.objects.count() == 1


def test_network__create__members_see_it(cast: dict[str, Any], login: Any) -> None:
    login(cast["samordnare"]).post(reverse("collaboration:network_create"), {
        "name": "Nätverket mot sexuella trakasserier", "slug": "sexuella-trakasserier",
        "members": [cast["partner_org"].pk]})
    network = Network.objects.get()
    assert login(cast["partner"]).get(reverse("collaboration:network", args=[network.slug])).status_code == 200


def test_setup_views__partner__403_and_nothing_created(cast: dict[str, Any], login: Any, client: Any) -> None:
    promise = PromiseFactory()
    agreement = AgreementFactory()
    partner = login(cast["partner"])
    urls = [reverse("collaboration:agreement_create"), reverse("collaboration:promise_create"),
            reverse("collaboration:network_create"), reverse("collaboration:activity_add", args=[promise.pk]),
            reverse("collaboration:agreement_add", args=[agreement.pk, "goal"])]
    for url in urls:
        assert partner.post(url, {}).status_code == 403, url
        assert client.post(url, {}).status_code == 302, url
    assert not PromiseActivity.objects.exists() and not Goal.objects.exists()
