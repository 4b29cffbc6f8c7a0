"""View guards. Denials are audited; object-level checks use visible_to() querysets and give 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from trygg.core.audit import audit
from trygg.core.models import AuditAction

from . import permissions

View = Callable[..., HttpResponseBase]


def require(predicate: Callable[[Any], bool]) -> Callable[[View], View]:
    """Signed-in users for whom predicate(user) is true; others get the login page or a 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not predicate(request.user):
                audit(action=AuditAction.PERMISSION_DENIED, actor=request.user, request=request,
                      view=getattr(view, "__name__", "view"))
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


member_required = require(permissions.is_member)


def deny(request: HttpRequest, reason: str = "") -> None:
    """Audit a denial found inside a view, then raise 403."""
    audit(action=AuditAction.PERMISSION_DENIED, actor=request.user, request=request, reason=reason)
    raise PermissionDenied
