from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterventionsConfig(AppConfig):
    name = "trygg.interventions"
    label = "interventions"
    verbose_name = _("Insatser")

    def ready(self) -> None:
        from trygg.accounts import permissions
        from trygg.core import nav, panels

        from . import panels as intervention_panels

        nav.register(nav.NavItem(_("Insatser"), "interventions:list", order=50, allowed=permissions.is_member))
        panels.register("dashboard", "interventions/panels/dashboard.html", intervention_panels.dashboard, order=40)
        panels.register("area", "interventions/panels/area.html", intervention_panels.area, order=60)
        panels.register("observation", "interventions/panels/observation.html", intervention_panels.observation,
                        order=50)
        panels.register("steering_area", "interventions/panels/steering_area.html",
                        intervention_panels.steering_area, order=60)

        from . import effect as _effect_panel  # noqa: F401
