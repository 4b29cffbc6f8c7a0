"""Forms for the samordnare's management of organisations, roles and invitations."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from .models import Organisation, Role, User


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "slug", "kind", "parent", "email", "phone", "is_active"]
        help_texts = {"slug": _("Kort namn i adresser, t.ex. kfast. Endast a–z, siffror och bindestreck.")}


class GrantRoleForm(forms.Form):
    user = forms.CharField(label=_("Användarnamn eller e-post"), max_length=254)
    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices)

    def clean_user(self) -> User:
        value = self.cleaned_data["user"].strip()
        user = User.objects.filter(username=value).first() or User.objects.filter(email__iexact=value).first()
        if user is None:
            raise forms.ValidationError(
                _("Ingen användare med det namnet eller den e-postadressen. Skicka en inbjudan i stället.")
            )
        return user


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-post"))
    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices)


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(label=_("Förnamn"), max_length=150)
    last_name = forms.CharField(label=_("Efternamn"), max_length=150)
    username = forms.CharField(label=_("Användarnamn"), max_length=150,
                               help_text=_("Bokstäver, siffror och @/./+/-/_ ."))
    password1 = forms.CharField(label=_("Lösenord"), strip=False, widget=forms.PasswordInput,
                                help_text=_("Minst 12 tecken. Använd gärna en lösenfras."))
    password2 = forms.CharField(label=_("Upprepa lösenordet"), strip=False, widget=forms.PasswordInput)

    def __init__(self, *args: Any, email: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        User.username_validator(username)
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Användarnamnet är upptaget. Välj ett annat."))
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Lösenorden är inte likadana."))
        elif p1:
            candidate = User(username=data.get("username", ""), email=self.email,
                             first_name=data.get("first_name", ""), last_name=data.get("last_name", ""))
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Händelse"), required=False)
    actor = forms.CharField(label=_("Användare"), required=False, max_length=150)
    since = forms.DateField(label=_("Från och med"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Till och med"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from trygg.core.models import AuditAction

        self.fields["action"].choices = [("", _("Alla")), *AuditAction.choices]  # type: ignore[attr-defined]
