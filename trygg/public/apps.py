from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "trygg.public"
    label = "public"
    verbose_name = _("Publika sidor")

    def ready(self) -> None:
        from trygg.core import nav, panels, retention
        from trygg.incidents.residents import panels as resident_panels
        from trygg.incidents.residents.selectors import can_use_queue, is_coordinator

        from . import retention as retention_rules
        from .views.feedback import can_read_feedback, panel_context

        retention.register(*retention_rules.RULES)

        nav.register(
            nav.NavItem(_("Rapportera otrygg plats"), "public:report", section="public", order=10),
            nav.NavItem(_("Rapporter på kartan"), "public:map", section="public", order=20),
            nav.NavItem(_("Så jobbar vi för trygghet"), "public:safety_work", section="public", order=30),
            nav.NavItem(_("Kontakt"), "public:contact", section="public", order=90),
            nav.NavItem(_("Invånarrapporter"), "routing:queue", order=35, allowed=can_use_queue),
            nav.NavItem(_("Sidrespons"), "public_org:feedback_stats", order=95, allowed=can_read_feedback),
            nav.NavItem(_("Open311-nycklar"), "public_org:api_keys", order=96, allowed=is_coordinator),
        )
        panels.register("page_footer", "public/panels/page_feedback.html", panel_context)
        panels.register("observation", "incidents/residents/panels/observation.html",
                        resident_panels.observation_panel)
