from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trygg.accounts.decorators import member_required
from trygg.accounts.permissions import roles_of


@member_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Start page for organisation users: each app contributes a panel ("dashboard")."""
    memberships = request.user.memberships.select_related("organisation")  # type: ignore[union-attr]
    return render(request, "core/dashboard.html", {"memberships": memberships, "roles": roles_of(request.user)})
