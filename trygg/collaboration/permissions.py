"""Who may do what in collaboration. Object visibility lives in querysets.py (visible_to)."""

from __future__ import annotations

from typing import Any

from trygg.accounts import permissions
from trygg.accounts.models import Role


def can_manage(user: Any) -> bool:
    """The samordnare manages meetings, agreements, promises and networks."""
    return permissions.is_samordnare(user)


def can_view_steering(user: Any) -> bool:
    return permissions.has_role(user, Role.SAMORDNARE, Role.STYRGRUPP, Role.KOMMUNPOLIS)


def is_invited(user: Any, meeting: Any) -> bool:
    return meeting.invitations.filter(organisation_id__in=permissions.organisation_ids(user)).exists()


def can_approve_minutes(user: Any, meeting: Any) -> bool:
    return can_manage(user) or (meeting.chair_id is not None and meeting.chair_id == user.pk)


def can_edit_minutes(user: Any, meeting: Any) -> bool:
    return can_approve_minutes(user, meeting) or (meeting.secretary_id is not None
                                                  and meeting.secretary_id == user.pk)


def can_read_minutes(user: Any, meeting: Any) -> bool:
    """Drafts and approved minutes are for those who write them; published ones for everyone who sees the
    meeting (the public sees public ones through public views)."""
    if meeting.minutes_status == "published":
        return True
    return can_edit_minutes(user, meeting)


def can_delete_document(user: Any, document: Any) -> bool:
    """The samordnare, who administers the networks, or the uploader while their organisation is a member."""
    if can_manage(user):
        return True
    return (document.uploaded_by_id is not None and document.uploaded_by_id == user.pk
            and document.network.members.filter(pk__in=permissions.organisation_ids(user)).exists())
