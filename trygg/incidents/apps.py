from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "trygg.incidents"
    label = "incidents"
    verbose_name = _("Observationer")

    def ready(self) -> None:
        from trygg.accounts import permissions
        from trygg.core import nav, panels, retention

        from . import panels as incident_panels
        from . import retention as retention_rules

        retention.register(*retention_rules.RULES)

        nav.register(
            nav.NavItem(_("Rapportera"), "incidents:week", order=20, allowed=permissions.can_report),
            nav.NavItem(_("Observationer"), "incidents:list", order=21, allowed=permissions.is_member),
            nav.NavItem(_("Granska"), "incidents:moderation", order=22, allowed=permissions.can_moderate),
        )
        panels.register("dashboard", "incidents/panels/dashboard.html", incident_panels.dashboard, order=10)
        panels.register("area", "incidents/panels/area.html", incident_panels.area, order=20)
