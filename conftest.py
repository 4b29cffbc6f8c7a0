"""Shared pytest fixtures: users with roles, signed-in clients (with the second factor), browser."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from trygg.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory


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
