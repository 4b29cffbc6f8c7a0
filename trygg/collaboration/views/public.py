"""Public pages at /samverkan/: published public minutes and published citizen promises."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .. import selectors
from ..models import Meeting, Promise


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "collaboration/public/index.html", {
        "promise": selectors.current_public_promise(),
        "promises": Promise.objects.public().select_related("area"),
        "meetings": Meeting.objects.with_public_minutes().order_by("-starts_at")[:20],
    })


def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.with_public_minutes(), pk=pk)
    return render(request, "collaboration/public/minutes.html", {
        "meeting": meeting, "decisions": meeting.decisions.select_related("owner"),
    })


def promise(request: HttpRequest, pk: int) -> HttpResponse:
    promise = get_object_or_404(Promise.objects.public().select_related("area"), pk=pk)
    return render(request, "collaboration/public/promise.html", {
        "promise": promise, "activities": promise.activities.prefetch_related("updates"),
    })
