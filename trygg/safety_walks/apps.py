from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyWalksConfig(AppConfig):
    name = "trygg.safety_walks"
    label = "safety_walks"
    verbose_name = _("Trygghetsvandringar")
