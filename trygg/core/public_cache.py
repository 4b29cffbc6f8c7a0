"""Public, anonymous responses served from the cache before the rest of the middleware stack runs.

Machine clients poll a few public reads (the Open311 service list and definitions, discovery). Their answers
are the same for every anonymous caller, so a view marked with ``@public_cache(seconds, depends_on=[...])``
is stored after its first answer and later requests without cookies or credentials get the stored response
straight from ``PublicResponseCacheMiddleware``, which sits right after ``SecurityMiddleware``: sessions,
authentication, CSRF, CSP and the rest are not run again for it.

- The key is the scheme, host, path and query string and the ``Accept-Language`` header: with no cookie, that
  is all Django's locale middleware chooses the language from (this site does not put the language in the URL).
- A stored response lives ``seconds`` at most; saving or deleting a row of a model in ``depends_on`` replaces
  the version in every key (at once with a shared cache such as Redis, in this process with LocMem).
- Only GET answers with status 200 that set no cookie are stored. Use it only for responses that hold no
  per-request value (no CSP nonce in the body, no CSRF token, nothing about the user).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from .reference import Version

_VERSION = Version("public-responses")
_ATTRIBUTE = "trygg_public_cache_seconds"


def public_cache(seconds: int, *, depends_on: Iterable[str] = ()) -> Callable[[Callable[..., HttpResponse]],
                                                                            Callable[..., HttpResponse]]:
    """Mark a view's successful GET answers as public and shareable for ``seconds``."""
    _VERSION.watch(depends_on)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            if request.method == "GET" and response.status_code == 200:
                patch_cache_control(response, public=True, max_age=seconds)
                setattr(response, _ATTRIBUTE, seconds)
            return response

        return wrapped

    return decorator


def _key(request: HttpRequest) -> str | None:
    """The cache key of an anonymous GET, None for anything else."""
    meta = request.META
    if request.method != "GET" or request.COOKIES or "HTTP_AUTHORIZATION" in meta:
        return None
    url = f"{request.scheme}://{meta.get('HTTP_HOST', '')}{meta.get('PATH_INFO', '')}?{meta.get('QUERY_STRING', '')}"
    digest = hashlib.blake2b(f"{url}\n{meta.get('HTTP_ACCEPT_LANGUAGE', '')}".encode(), digest_size=16).hexdigest()
    return f"trygg-public:{_VERSION.current()}:{digest}"


class PublicResponseCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = _key(request)
        if key is None:
            return self.get_response(request)
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            return HttpResponse(content, status=status, headers=headers)
        response = self.get_response(request)
        seconds = getattr(response, _ATTRIBUTE, None)
        if seconds and response.status_code == 200 and not response.cookies and not response.streaming:
            cache.set(key, (response.status_code, dict(response.items()), response.content), seconds)
        return response
