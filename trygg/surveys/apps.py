from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "trygg.surveys"
    label = "surveys"
    verbose_name = _("Elevenkät")

    def ready(self) -> None:
        from trygg.core import nav, retention

        from . import retention as retention_rules
        from .panels import register_panels
        from .permissions import can_use_surveys

        retention.register(*retention_rules.RULES)

        nav.register(nav.NavItem(_("Elevenkät"), "surveys:list", order=75, allowed=can_use_surveys))
        register_panels()
