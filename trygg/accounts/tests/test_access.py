import pytest

from trygg.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_org_pages__need_second_factor(make_member, login):
    user = make_member(role="rapportor")
    response = login(user, verified=False).get("/org/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/mfa/")


def test_org_pages__open_after_second_factor(make_member, login):
    user = make_member(role="rapportor")
    response = login(user).get("/org/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"


def test_map_page__scripts_carry_the_csp_nonce(make_member, login):
    response = login(make_member(role="rapportor")).get("/org/areas/")
    csp = response["Content-Security-Policy"]
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


def test_org_pages__anonymous_redirected_to_login(client):
    response = client.get("/org/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_login__success_and_failure_audited(client, make_member):
    user = make_member(role="rapportor", username="anna")
    client.post("/accounts/login/", {"username": "anna", "password": "wrong"})
    client.post("/accounts/login/", {"username": "anna", "password": "correct horse battery staple"})
    assert AuditEntry.objects.filter(action="auth.login_failed").count() == 1
    assert AuditEntry.objects.filter(action="auth.login", actor=user).count() == 1


def test_login__lockout_is_per_username_and_ip(client, make_member):
    make_member(role="rapportor", username="bertil")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "bertil", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    locked = client.post("/accounts/login/", {"username": "bertil", "password": "correct horse battery staple"},
                         REMOTE_ADDR="10.0.0.1")
    assert locked.status_code == 429
    other_ip = client.post("/accounts/login/", {"username": "bertil", "password": "correct horse battery staple"},
                           REMOTE_ADDR="10.0.0.2")
    assert other_ip.status_code == 302


def test_security_headers__public_page(client):
    response = client.get("/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "object-src 'none'" in csp and "base-uri 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
