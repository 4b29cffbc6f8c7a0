"""The "Hjälpte informationen på den här sidan dig?" widget (a footer panel) and its statistics for editors."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from trygg.accounts import permissions
from trygg.accounts.decorators import require

from .. import abuse, selectors
from ..forms import FeedbackForm
from ..services import page_feedback_record

HIDDEN_PREFIXES = ("/org/", "/accounts/", "/open311/", "/admin/", "/i18n/", "/jsi18n/")


def is_public_path(path: str) -> bool:
    return path.startswith("/") and not path.startswith("//") and not path.startswith(HIDDEN_PREFIXES)


def panel_context(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    """Context for the page_footer panel; None (no widget) on organisation and sign-in pages."""
    if not is_public_path(request.path):
        return None
    return {"feedback_form": FeedbackForm(initial={"path": request.path}),
            "feedback_thanks": request.GET.get("sidrespons") == "tack"}


@require_POST
def feedback_submit(request: HttpRequest) -> HttpResponse:
    path = request.POST.get("path", "/").split("?", 1)[0].split("#", 1)[0]
    if not (url_has_allowed_host_and_scheme(path, allowed_hosts=None) and is_public_path(path)):
        path = "/"
    if abuse.over_limit(request, group="public.feedback", setting="TRYGG_FEEDBACK_RATE", default="20/h"):
        response = render(request, "public/too_many.html", status=429)
        response["Retry-After"] = "600"
        return response
    form = FeedbackForm(request.POST)
    if form.is_valid():
        page_feedback_record(path=path, helpful=form.cleaned_data["helpful"], comment=form.cleaned_data["comment"])
        return redirect(f"{path}?sidrespons=tack#sidrespons")
    return render(request, "public/feedback_error.html", {"feedback_form": form, "path": path}, status=400)


def can_read_feedback(user: Any) -> bool:
    return permissions.is_authority(user) and permissions.has_role(user, "samordnare", "moderator")


@require_GET
@require(can_read_feedback)
def feedback_stats(request: HttpRequest) -> HttpResponse:
    path = request.GET.get("sida") or None
    return render(request, "public/org/feedback_stats.html", {
        "rows": selectors.feedback_per_page(),
        "comments": selectors.feedback_comments(path=path),
        "path": path,
    })
