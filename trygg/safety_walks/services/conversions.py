"""After the walk the organiser decides, per problem finding, what it becomes. A finding converts once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.core.audit import audit
from trygg.core.models import AuditAction
from trygg.interventions.services import intervention_create

from ..models import Conversion, WalkFinding
from .findings import finding_observation


def _lock(finding: WalkFinding, target: str) -> tuple[WalkFinding, bool]:
    """Lock the row; (finding, already_done). Refuse a second, different conversion."""
    finding = WalkFinding.objects.select_for_update().select_related("walk").get(pk=finding.pk)
    if not finding.is_problem:
        raise ValidationError(_("Bara problem kan bli en rapport eller en insats."), code="not_problem")
    if finding.conversion == target:
        return finding, True
    if finding.conversion:
        raise ValidationError(
            _("Fyndet är redan omvandlat till: %(what)s.") % {"what": finding.get_conversion_display()},
            code="already_converted",
        )
    if finding.walk.is_closed:
        raise ValidationError(_("Protokollet är fastställt och kan inte ändras."), code="closed")
    return finding, False


@transaction.atomic
def finding_convert_to_report(*, finding: WalkFinding, by: Any, responsible_organisation: Any = None) -> WalkFinding:
    """A routed report: an observation for the chosen organisation, or the routing's choice when None."""
    finding, done = _lock(finding, Conversion.REPORT)
    if done:
        return finding
    finding.observation = finding_observation(finding=finding, by=by,
                                              responsible_organisation=responsible_organisation)
    finding.conversion = Conversion.REPORT
    finding.converted_at = timezone.now()
    finding.converted_by = by
    finding.save(update_fields=["observation", "conversion", "converted_at", "converted_by"])
    audit(action=AuditAction.STATUS_CHANGED, actor=by, obj=finding, organisation=finding.walk.organisation,
          to="report", observation=finding.observation_id)
    return finding


@transaction.atomic
def finding_convert_to_intervention(
    *, finding: WalkFinding, by: Any, owner: Any, due_date: dt.date, title: str = "", responsible: Any = None,
) -> WalkFinding:
    """An intervention with an owner and a due date, whose origin is the finding."""
    finding, done = _lock(finding, Conversion.INTERVENTION)
    if done:
        return finding
    if owner is None:
        raise ValidationError({"owner": _("Välj vilken aktör som äger insatsen.")}, code="owner")
    description = finding.comment
    if finding.proposed_action:
        description = f"{description}\n{_('Förslag till åtgärd')}: {finding.proposed_action}".strip()
    title = (title or "").strip() or f"{finding.get_checklist_item_display()}"[:120]
    finding.intervention = intervention_create(
        title=title[:200], owner=owner, due_date=due_date, created_by=by, description=description,
        responsible=responsible, areas=[finding.walk.area], kind="situational", origin=finding,
        origin_label=_("Trygghetsvandring %(title)s, fynd %(n)d") % {"title": finding.walk.title,
                                                                    "n": finding.number},
    )
    finding.conversion = Conversion.INTERVENTION
    finding.converted_at = timezone.now()
    finding.converted_by = by
    finding.save(update_fields=["intervention", "conversion", "converted_at", "converted_by"])
    audit(action=AuditAction.STATUS_CHANGED, actor=by, obj=finding, organisation=finding.walk.organisation,
          to="intervention", intervention=finding.intervention_id)
    return finding
