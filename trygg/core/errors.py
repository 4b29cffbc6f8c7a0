"""Generic error pages: no tracebacks, no internals (reliability A3)."""

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def _page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    body: str
    try:
        body = render_to_string(template, request=request)
    except Exception:  # the error page itself must never fail
        body = "<!DOCTYPE html><html lang='sv'><title>Fel</title><h1>Något gick fel</h1></html>"
    return HttpResponse(body, status=status)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "errors/403.html", 403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "errors/404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(request, "errors/500.html", 500)
