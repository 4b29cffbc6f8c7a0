from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "trygg.accounts"
    label = "accounts"
    verbose_name = _("Aktörer och konton")

    def ready(self) -> None:
        from trygg.core import nav

        from . import permissions, signals  # noqa: F401  (connect auth audit signals)

        nav.register(
            nav.NavItem(_("Aktörer"), "org_accounts:organisations", order=90, allowed=permissions.is_samordnare),
            nav.NavItem(_("Granskningslogg"), "org_accounts:audit_log", order=95, allowed=permissions.is_samordnare),
            nav.NavItem(_("Mitt konto"), "org_accounts:me", order=99, allowed=permissions.is_member),
        )
