from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SituationalPictureConfig(AppConfig):
    name = "trygg.situational_picture"
    label = "situational_picture"
    verbose_name = _("Lägesbild")

    def ready(self) -> None:
        from trygg.accounts.permissions import is_member
        from trygg.core import nav, panels

        from . import panels as sp_panels

        nav.register(nav.NavItem(_("Lägesbild"), "situational_picture:week", order=30, allowed=is_member))
        panels.register("dashboard", "situational_picture/panels/dashboard.html", sp_panels.dashboard_panel, order=20)
        panels.register("area", "situational_picture/panels/area_trend.html", sp_panels.area_trend_panel, order=20)
        panels.register("steering_area", "situational_picture/panels/area_trend.html", sp_panels.area_trend_panel,
                        order=20)
        panels.register("meeting_attachments", "situational_picture/panels/meeting.html", sp_panels.meeting_panel,
                        order=20)

        from .hotspots import panels as _hotspot_panels  # noqa: F401
