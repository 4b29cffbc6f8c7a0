from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterventionsConfig(AppConfig):
    name = "trygg.interventions"
    label = "interventions"
    verbose_name = _("Insatser")

    def ready(self) -> None:
        from . import effect as _effect_panel  # noqa: F401
