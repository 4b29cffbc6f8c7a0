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


def test_session__idle_limit_signs_out(make_member, login, settings):
    import datetime as dt

    from freezegun import freeze_time

    client = login(make_member(role="rapportor"))
    assert client.get("/org/").status_code == 200
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=settings.TRYGG_SESSION_IDLE_SECONDS + 60)
    with freeze_time(later):
        response = client.get("/org/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_session__new_key_at_login(client, make_member):
    make_member(role="rapportor", username="cecilia")
    client.get("/accounts/login/")
    before = client.cookies.get("sessionid").value if client.cookies.get("sessionid") else None
    client.post("/accounts/login/", {"username": "cecilia", "password": "correct horse battery staple"})
    after = client.cookies["sessionid"].value
    assert after and after != before


def test_errors__500_page_has_no_traceback(client, settings):
    from django.test import Client
    from django.urls import path

    import config.urls as root

    def boom(request):
        raise RuntimeError("secret internals")

    root.urlpatterns.append(path("__boom__/", boom))
    try:
        from django.urls import clear_url_caches

        clear_url_caches()
        response = Client(raise_request_exception=False).get("/__boom__/")
    finally:
        root.urlpatterns.pop()
        clear_url_caches()
    assert response.status_code == 500
    body = response.content.decode()
    assert "secret internals" not in body and "Traceback" not in body
    assert "Något gick fel" in body
