"""Medborgarlöften: the yearly cycle, progress updates, the published follow-up and the public panel."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from trygg.collaboration import services
from trygg.collaboration.models import ProgressUpdate, Promise, PromiseActivity
from trygg.core.models import AuditEntry
from trygg.core.panels import render_panels

from .factories import PromiseFactory

pytestmark = pytest.mark.django_db


def test_promise__progress_then_follow_up__shown_on_public_page(cast: dict[str, Any], login: Any) -> None:
    promise = PromiseFactory.create_with_activity(target=272)
    activity = promise.activities.get()
    sam, police = login(cast["samordnare"]), login(cast["kommunpolis"])
    assert sam.post(reverse("collaboration:promise_step", args=[promise.pk, "publish"])).status_code == 302
    today = timezone.localdate()
    for increment in (40, 28):
        police.post(reverse("collaboration:promise_progress", args=[promise.pk, activity.pk]),
                    {f"a{activity.pk}-on_date": today.isoformat(), f"a{activity.pk}-increment": increment})
    sam.post(reverse("collaboration:promise_step", args=[promise.pk, "follow-up"]),
             {"follow_up": "Polisen har patrullerat 68 gånger hittills."})

    activity.refresh_from_db()
    promise.refresh_from_db()
    page = Client().get(reverse("collaboration_public:promise", args=[promise.pk])).content.decode()
    assert activity.achieved_count == 68
    assert promise.stage == "follow_up" and promise.follow_up_published_at is not None
    assert 'value="68"' in page and 'max="272"' in page and "68 av 272" in page
    assert "Polisen har patrullerat 68 gånger hittills." in page
    assert AuditEntry.objects.filter(action="published", object_type="collaboration.promise").count() == 2


def test_progress__future_date__refused_nothing_counted(cast: dict[str, Any]) -> None:
    activity = PromiseFactory.create_with_activity().activities.get()
    with pytest.raises(ValidationError) as error:
        services.progress_record(activity=activity, on_date=timezone.localdate() + dt.timedelta(days=2),
                                 increment=5, by=cast["kommunpolis"])
    assert "on_date" in error.value.message_dict
    activity.refresh_from_db()
    assert activity.achieved_count == 0 and not ProgressUpdate.objects.exists()


def test_progress__zero_increment_via_form__error_tied_to_field(cast: dict[str, Any], login: Any) -> None:
    promise = PromiseFactory.create_with_activity()
    activity = promise.activities.get()
    response = login(cast["samordnare"]).post(
        reverse("collaboration:promise_progress", args=[promise.pk, activity.pk]),
        {f"a{activity.pk}-on_date": timezone.localdate().isoformat(), f"a{activity.pk}-increment": 0})
    assert response.status_code == 400
    assert f'id="id_a{activity.pk}-increment_error"' in response.content.decode()
    assert PromiseActivity.objects.get().achieved_count == 0


def test_progress__partner_without_role__denied(cast: dict[str, Any]) -> None:
    activity = PromiseFactory.create_with_activity().activities.get()
    with pytest.raises(PermissionDenied):
        services.progress_record(activity=activity, on_date=timezone.localdate(), increment=1, by=cast["partner"])


def test_promise__advance_skipping_a_stage__refused(cast: dict[str, Any]) -> None:
    promise = PromiseFactory(stage="dialogue")
    with pytest.raises(ValidationError):
        services.promise_advance(promise=promise, to_stage="promise", by=cast["samordnare"])
    assert services.promise_advance(promise=promise, to_stage="picture", by=cast["samordnare"]).stage == "picture"


def test_promise__publish_while_still_choosing__refused(cast: dict[str, Any]) -> None:
    promise = PromiseFactory.create_with_activity(stage="choice")
    with pytest.raises(ValidationError):
        services.promise_publish(promise=promise, by=cast["samordnare"])
    assert not Promise.objects.public().exists()


def test_follow_up__before_promise_published__refused(cast: dict[str, Any]) -> None:
    promise = PromiseFactory.create_with_activity()
    with pytest.raises(ValidationError):
        services.follow_up_publish(promise=promise, text="Klart", by=cast["samordnare"])


def test_public_safety_work_panel__current_promise__progress_with_label(cast: dict[str, Any]) -> None:
    promise = PromiseFactory.create_published(target=350)
    request = RequestFactory().get("/sa-jobbar-vi/")
    html = "".join(render_panels("public_safety_work", request, None))
    assert promise.title in html
    assert '<progress id="progress-panel-' in html and 'max="350"' in html
    assert '<label for="progress-panel-' in html


def test_public_safety_work_panel__nothing_published__hidden(cast: dict[str, Any]) -> None:
    PromiseFactory.create_with_activity()
    assert render_panels("public_safety_work", RequestFactory().get("/"), None) == []


def test_public_index__lists_published_promise_not_drafts(cast: dict[str, Any], client: Any) -> None:
    PromiseFactory.create_published()
    from trygg.areas.models import Area

    PromiseFactory.create_with_activity(area=Area.objects.get(slug="froslunda"), title="Fröslunda utkast",
                                        year=timezone.localdate().year + 1)
    body = client.get(reverse("collaboration_public:index")).content.decode()
    assert "Tryggare Lagersberg" in body and "Fröslunda utkast" not in body
