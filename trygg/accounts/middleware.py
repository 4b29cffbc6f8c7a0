"""Session idle limit and the second-factor requirement for organisation pages (reliability B1, B4)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

_LAST_SEEN = "trygg_last_seen"
ORG_PREFIX = "/org/"


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:  # signed in means a session cookie
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(_LAST_SEEN, now)
            if now - last > settings.TRYGG_SESSION_IDLE_SECONDS:
                logout(request)
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
            request.session[_LAST_SEEN] = now
            if (
                settings.TRYGG_REQUIRE_MFA
                and request.path.startswith(ORG_PREFIX)
                and not user.is_verified()  # type: ignore[union-attr]
            ):
                return redirect(f"{reverse('accounts:mfa')}?next={request.path}")
        return self.get_response(request)
