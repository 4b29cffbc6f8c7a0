"""Who may do what with pupil surveys.

- samordnare: set up surveys, schools and classes, open/close, codes for every school, results, exports.
- analytiker, styrgrupp: results and exports for every school.
- skolkontakt: classes and codes for their own school, results for their own school only.
- moderator/samordnare of an authority: moderate free-text answers.
"""

from __future__ import annotations

from typing import Any

from trygg.accounts.models import Role
from trygg.accounts.permissions import can_moderate, has_role, organisation_ids


def can_manage(user: Any) -> bool:
    return has_role(user, Role.SAMORDNARE)


def sees_all_schools(user: Any) -> bool:
    return has_role(user, Role.SAMORDNARE, Role.ANALYTIKER, Role.STYRGRUPP)


def contact_school_org_ids(user: Any) -> set[int]:
    return organisation_ids(user, Role.SKOLKONTAKT)


def can_use_surveys(user: Any) -> bool:
    return sees_all_schools(user) or bool(contact_school_org_ids(user))


def can_set_up_school(user: Any) -> bool:
    """Classes and codes: samordnare for every school, skolkontakt for their own (checked per object)."""
    return has_role(user, Role.SAMORDNARE, Role.SKOLKONTAKT)


def can_moderate_texts(user: Any) -> bool:
    return can_moderate(user)
