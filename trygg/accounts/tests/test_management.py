import datetime as dt

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from trygg.accounts.models import Invitation, Membership, User
from trygg.accounts.services import invitation_create, membership_grant
from trygg.accounts.tests.factories import OrganisationFactory, UserFactory
from trygg.core.models import AuditEntry

pytestmark = pytest.mark.django_db

SAMORDNARE_URLS = [
    ("get", "/org/accounts/"),
    ("get", "/org/accounts/new/"),
    ("get", "/org/accounts/audit/"),
    ("get", "/org/accounts/audit/?format=csv"),
]


@pytest.mark.parametrize(("method", "url"), SAMORDNARE_URLS)
def test_management__rapportor_gets_403_and_denial_is_audited(make_member, login, method, url):
    client = login(make_member(role="rapportor"))
    response = getattr(client, method)(url)
    assert response.status_code == 403
    assert AuditEntry.objects.filter(action="authz.denied").count() == 1


@pytest.mark.parametrize(("method", "url"), SAMORDNARE_URLS)
def test_management__anonymous_redirected_to_login(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_organisation_detail__unknown_gives_404(make_member, login):
    client = login(make_member(role="samordnare"))
    assert client.get("/org/accounts/999999/").status_code == 404


def test_organisation_detail__rapportor_of_that_org_gets_403(make_member, login):
    org = OrganisationFactory()
    client = login(make_member(role="rapportor", organisation=org))
    response = client.post(f"/org/accounts/{org.pk}/roles/", {"grant-user": "x", "grant-role": "samordnare"})
    assert response.status_code == 403
    assert not Membership.objects.filter(role="samordnare").exists()


def test_organisation_create__invalid_kind_keeps_input_and_saves_nothing(make_member, login):
    client = login(make_member(role="samordnare"))
    before = User.objects.count(), AuditEntry.objects.filter(action="created").count()
    response = client.post("/org/accounts/new/", {"name": "Nya bolaget", "slug": "nya", "kind": "maffia"})
    assert response.status_code == 200
    assert "Nya bolaget" in response.content.decode()
    assert (User.objects.count(), AuditEntry.objects.filter(action="created").count()) == before


def test_role_grant__audited_and_effective(make_member, login):
    org = OrganisationFactory(kind="bostadsbolag")
    target = UserFactory(username="kalle")
    client = login(make_member(role="samordnare"))
    response = client.post(f"/org/accounts/{org.pk}/roles/", {"grant-user": "kalle", "grant-role": "rapportor"})
    assert response.status_code == 302
    assert Membership.objects.filter(user=target, organisation=org, role="rapportor").exists()
    assert AuditEntry.objects.filter(action="role.granted").count() == 1


def test_role_revoke__kills_the_users_sessions(make_member, login, django_capture_on_commit_callbacks):
    org = OrganisationFactory(kind="bostadsbolag")
    member = make_member(role="rapportor", organisation=org)
    member_client = login(member)
    assert member_client.get("/org/").status_code == 200
    membership = Membership.objects.get(user=member, organisation=org)
    admin = login(make_member(role="samordnare"))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/org/accounts/{org.pk}/roles/{membership.pk}/revoke/")
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEntry.objects.filter(action="role.revoked").count() == 1
    assert SESSION_KEY not in member_client.session
    assert member_client.get("/org/").status_code == 302


def test_invitation__accept_creates_account_with_role(make_member, django_capture_on_commit_callbacks):
    org = OrganisationFactory(kind="bostadsbolag")
    inviter = make_member(role="samordnare")
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = invitation_create(email="Ny@Example.se", organisation=org, role="rapportor",
                                              invited_by=inviter)
    assert len(mail.outbox) == 1 and token in mail.outbox[0].body
    assert token not in invitation.token_hash
    client = Client()
    response = client.post(f"/accounts/invitation/{token}/", {
        "first_name": "Ny", "last_name": "Person", "username": "nyperson",
        "password1": "en lång lösenfras 2026", "password2": "en lång lösenfras 2026"})
    assert response.status_code == 302
    user = User.objects.get(username="nyperson")
    assert user.email == "ny@example.se"
    assert Membership.objects.filter(user=user, organisation=org, role="rapportor").exists()
    # used once only
    assert Client().get(f"/accounts/invitation/{token}/").status_code == 410


def test_invitation__weak_password_refused_nothing_created(make_member):
    org = OrganisationFactory()
    _, token = invitation_create(email="svag@example.se", organisation=org, role="rapportor",
                                 invited_by=make_member(role="samordnare"))
    response = Client().post(f"/accounts/invitation/{token}/", {
        "first_name": "A", "last_name": "B", "username": "svag", "password1": "Password123",
        "password2": "Password123"})
    assert response.status_code == 200
    assert not User.objects.filter(username="svag").exists()
    assert Invitation.objects.get(email="svag@example.se").accepted_at is None


def test_invitation__expired_refused_through_both_paths(make_member):
    org = OrganisationFactory()
    _, token = invitation_create(email="sen@example.se", organisation=org, role="rapportor",
                                 invited_by=make_member(role="samordnare"))
    with freeze_time(dt.datetime.now(dt.UTC) + dt.timedelta(days=8)):
        assert Client().get(f"/accounts/invitation/{token}/").status_code == 410
        response = Client().post(f"/accounts/invitation/{token}/", {
            "first_name": "A", "last_name": "B", "username": "sen", "password1": "en lång lösenfras 2026",
            "password2": "en lång lösenfras 2026"})
        assert response.status_code == 410
        # The password-reset path cannot activate the invited address either: no account exists for it.
        mail.outbox.clear()
        Client().post("/accounts/password-reset/", {"email": "sen@example.se"})
        assert mail.outbox == []
    assert not User.objects.filter(username="sen").exists()


def test_password_validators__reject_common_accept_64_random():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("Password123")
    validate_password("x7Q!" * 16)


def test_audit_log__filter_and_csv_export_audited(make_member, login):
    admin = make_member(role="samordnare", username="sam")
    client = login(admin)
    membership_grant(user=UserFactory(), organisation=OrganisationFactory(), role="moderator", granted_by=admin)
    page = client.get("/org/accounts/audit/?action=role.granted")
    assert page.status_code == 200 and "Roll tilldelad" in page.content.decode()
    export = client.get("/org/accounts/audit/?action=role.granted&format=csv")
    assert export["Content-Type"].startswith("text/csv")
    assert AuditEntry.objects.filter(action="export", actor=admin).count() == 1


def test_audit_log__shows_the_gallring_rules_and_the_last_removal(make_member, login):
    from trygg.core import retention
    from trygg.incidents.models import ReceivedReport

    admin = make_member(role="samordnare", username="sam")
    ReceivedReport.objects.create(fingerprint="x", processed_at=timezone.now() - dt.timedelta(days=40))
    retention.run()
    html = login(admin).get("/org/accounts/audit/").content.decode()
    assert "Gallring: vad som tas bort och när" in html
    assert "efter 90 dagar" in html and "vid varje körning" in html
    assert f"{timezone.localdate():%Y-%m-%d} (1 rad)" in html
