from __future__ import annotations

from typing import Any

import pytest

from trygg.accounts.tests.factories import OrganisationFactory


@pytest.fixture
def cast(make_member: Any) -> dict[str, Any]:
    """The people of a trygghetsråd: samordnare, a partner (invited), another organisation, a steering member."""
    partner_org = OrganisationFactory(name="Kfast", slug="kfast-test", kind="bostadsbolag")
    other_org = OrganisationFactory(name="Securitas", slug="securitas-test", kind="bevakning")
    return {
        "samordnare": make_member(role="samordnare", username="sam"),
        "partner": make_member(role="rapportor", organisation=partner_org, username="partner"),
        "partner_org": partner_org,
        "other": make_member(role="rapportor", organisation=other_org, username="other"),
        "other_org": other_org,
        "styrgrupp": make_member(role="styrgrupp", username="politiker"),
        "kommunpolis": make_member(role="kommunpolis", kind="polis", username="kpolis"),
    }
