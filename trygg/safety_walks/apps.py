from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyWalksConfig(AppConfig):
    name = "trygg.safety_walks"
    label = "safety_walks"
    verbose_name = _("Trygghetsvandringar")

    def ready(self) -> None:
        from trygg.accounts.permissions import is_member
        from trygg.core import nav, panels

        from .panels import area_panel, dashboard_panel

        nav.register(nav.NavItem(_("Trygghetsvandringar"), "safety_walks:list", order=70, allowed=is_member))
        panels.register("area", "safety_walks/panels/area.html", area_panel, order=70)
        panels.register("dashboard", "safety_walks/panels/dashboard.html", dashboard_panel, order=70)
