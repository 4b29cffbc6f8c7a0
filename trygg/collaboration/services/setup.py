"""Setting up the rarely changed records: agreements (with signatories, problems, goals), promises and their
activities, networks. Only the samordnare."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trygg.core.audit import audit
from trygg.core.models import AuditAction

from .. import permissions as collab_permissions
from ..models import Agreement, FocusProblem, Goal, Network, Promise, PromiseActivity, Signatory


def _require_manager(user: Any) -> None:
    if not collab_permissions.can_manage(user):
        raise PermissionDenied


def _save(obj: Any, by: Any, **detail: Any) -> Any:
    obj.full_clean()
    obj.save()
    audit(action=AuditAction.CREATED, actor=by, obj=obj, **detail)
    return obj


@transaction.atomic
def agreement_create(*, title: str, parties: Iterable[Any], period_start: dt.date, period_end: dt.date, by: Any,
                     documentation_method: str = "", follow_up_method: str = "") -> Agreement:
    _require_manager(by)
    parties = list(parties)
    if len(parties) < 2:
        raise ValidationError({"parties": _("En överenskommelse har minst två parter.")})
    agreement = _save(Agreement(title=title.strip(), period_start=period_start, period_end=period_end,
                                documentation_method=documentation_method.strip(),
                                follow_up_method=follow_up_method.strip()), by)
    agreement.parties.set(parties)
    return agreement


@transaction.atomic
def signatory_add(*, agreement: Agreement, name: str, role: str, by: Any,
                  signed_on: dt.date | None = None) -> Signatory:
    _require_manager(by)
    return _save(Signatory(agreement=agreement, name=name.strip(), role=role.strip(), signed_on=signed_on), by)


@transaction.atomic
def focus_problem_add(*, agreement: Agreement, title: str, by: Any, likely_causes: str = "") -> FocusProblem:
    _require_manager(by)
    return _save(FocusProblem(agreement=agreement, title=title.strip(), likely_causes=likely_causes.strip()), by)


@transaction.atomic
def goal_add(*, agreement: Agreement, indicator: str, baseline: Decimal, target: Decimal, by: Any,
             problem: FocusProblem | None = None, how_measured: str = "", category: Any = None,
             area: Any = None) -> Goal:
    _require_manager(by)
    if problem is not None and problem.agreement_id != agreement.pk:
        raise ValidationError({"problem": _("Problemet hör till en annan överenskommelse.")})
    if baseline == target:
        raise ValidationError({"target": _("Målvärdet måste skilja sig från utgångsvärdet.")})
    return _save(Goal(agreement=agreement, problem=problem, indicator=indicator.strip(), baseline=baseline,
                      target=target, how_measured=how_measured.strip(), category=category, area=area), by)


@transaction.atomic
def promise_create(*, area: Any, year: int, title: str, problem: str, by: Any, agreement: Agreement | None = None,
                   dialogue_input: str = "", picture_summary: str = "") -> Promise:
    _require_manager(by)
    if Promise.objects.filter(area=area, year=year).exists():
        raise ValidationError({"year": _("Det finns redan ett medborgarlöfte för området det året.")})
    return _save(Promise(area=area, year=year, title=title.strip(), problem=problem.strip(), agreement=agreement,
                         dialogue_input=dialogue_input.strip(), picture_summary=picture_summary.strip()), by)


@transaction.atomic
def activity_add(*, promise: Promise, text: str, owner: str, target_count: int, by: Any) -> PromiseActivity:
    _require_manager(by)
    if target_count < 1:
        raise ValidationError({"target_count": _("Målet måste vara minst 1.")})
    return _save(PromiseActivity(promise=promise, text=text.strip(), owner=owner, target_count=target_count), by)


@transaction.atomic
def network_create(*, name: str, slug: str, members: Iterable[Any], by: Any, description: str = "") -> Network:
    _require_manager(by)
    network = _save(Network(name=name.strip(), slug=slug, description=description.strip()), by)
    network.members.set(list(members))
    return network
