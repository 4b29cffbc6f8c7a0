"""Sign-in, sign-out and the second factor (TOTP)."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from trygg.core.audit import audit
from trygg.core.models import AuditAction

from .forms import LoginForm, TokenForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/org/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/org/"


@login_required
@require_http_methods(["GET", "POST"])
def mfa(request: HttpRequest) -> HttpResponse:
    """Verify the second factor; enrol a TOTP device first if the user has none."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=request.user, name="Trygg", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit(action=AuditAction.MFA_ENROLLED, actor=request.user, request=request)
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error("token", _("Koden stämmer inte. Kontrollera klockan i telefonen och försök igen."))
    qr_svg = ""
    if enrolling:
        image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
        qr_svg = image.to_string(encoding="unicode")
    return render(
        request,
        "accounts/mfa.html",
        {"form": form, "enrolling": enrolling, "qr_svg": qr_svg, "secret": device.bin_key.hex() if enrolling else "",
         "next": _safe_next(request)},
    )


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Create an account from an invitation; an expired or used link is refused (reliability B5)."""
    from django.contrib.auth import login

    from . import services
    from .org_forms import AcceptInvitationForm

    invitation = services.invitation_by_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=410)
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.invitation_accept(token=token, username=data["username"], password=data["password1"],
                                              first_name=data["first_name"], last_name=data["last_name"])
        except ValueError:
            return render(request, "accounts/invitation_invalid.html", status=410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("accounts:mfa")
    return render(request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation})
