from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "trygg.areas"
    label = "areas"
    verbose_name = _("Områden")

    def ready(self) -> None:
        from trygg.accounts.permissions import is_member
        from trygg.core import nav

        nav.register(nav.NavItem(_("Områden"), "areas:list", order=50, allowed=is_member))
