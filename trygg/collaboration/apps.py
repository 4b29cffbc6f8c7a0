from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    name = "trygg.collaboration"
    label = "collaboration"
    verbose_name = _("Samverkan")

    def ready(self) -> None:
        from trygg.accounts.permissions import is_member
        from trygg.core import nav, panels

        from . import panels as collab_panels
        from .permissions import can_view_steering

        nav.register(
            nav.NavItem(_("Samverkan"), "collaboration:index", order=70, allowed=is_member),
            nav.NavItem(_("Styrgrupp"), "collaboration:steering", order=75, allowed=can_view_steering),
            nav.NavItem(_("Samverkan och löften"), "collaboration_public:index", section="public", order=60),
        )
        panels.register("public_safety_work", "collaboration/panels/public_safety_work.html",
                        collab_panels.public_safety_work)
