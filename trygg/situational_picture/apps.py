from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SituationalPictureConfig(AppConfig):
    name = "trygg.situational_picture"
    label = "situational_picture"
    verbose_name = _("Lägesbild")

    def ready(self) -> None:
        from .hotspots import panels as _hotspot_panels  # noqa: F401
