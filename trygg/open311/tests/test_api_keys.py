"""Managing Open311 API keys: samordnare only, hash stored, raw key shown once, deactivation."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from trygg.accounts.tests.factories import OrganisationFactory
from trygg.open311.models import ApiKey, hash_key
from trygg.open311.services import api_key_create

pytestmark = pytest.mark.django_db


def test_api_keys__samordnare_creates__raw_shown_once_only_hash_stored(make_member: Any, login: Any) -> None:
    client = login(make_member(role="samordnare"))
    organisation = OrganisationFactory()
    response = client.post(reverse("public_org:api_keys"), {"name": "FixaMinGata", "organisation": organisation.pk})
    assert response.status_code == 200
    raw = response.context["raw"]
    key = ApiKey.objects.get()
    assert key.key_hash == hash_key(raw) and raw not in str(ApiKey.objects.values().get())
    assert raw not in client.get(reverse("public_org:api_keys")).content.decode()
    post = client.post(reverse("open311:requests", args=["json"]), {"api_key": raw, "service_code": "nope"})
    assert post.status_code == 404  # the key is accepted; the service code is what is wrong


def test_api_keys__invalid__400(make_member: Any, login: Any) -> None:
    response = login(make_member(role="samordnare")).post(reverse("public_org:api_keys"), {"name": ""})
    assert response.status_code == 400 and not ApiKey.objects.exists()


def test_api_keys__deactivate__post_gets_403(make_member: Any, login: Any, client: Any) -> None:
    key, raw = api_key_create(name="x", organisation=OrganisationFactory())
    login(make_member(role="samordnare")).post(reverse("public_org:api_key_deactivate", args=[key.pk]))
    key.refresh_from_db()
    assert not key.is_active
    response = client.post(reverse("open311:requests", args=["json"]), {"api_key": raw, "service_code": "x"})
    assert response.status_code == 403


def test_api_keys__anonymous__login_redirect(client: Any) -> None:
    response = client.get(reverse("public_org:api_keys"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("role", "kind"), [("moderator", "forvaltning"), ("samordnare", "bostadsbolag"),
                                            ("atgardsansvarig", "forvaltning")])
def test_api_keys__wrong_role__403(make_member: Any, login: Any, role: str, kind: str) -> None:
    key, _raw = api_key_create(name="x", organisation=OrganisationFactory())
    client = login(make_member(role=role, kind=kind))
    assert client.get(reverse("public_org:api_keys")).status_code == 403
    assert client.post(reverse("public_org:api_key_deactivate", args=[key.pk])).status_code == 403
    key.refresh_from_db()
    assert key.is_active
