"""Labels shared by forms and selectors."""

from __future__ import annotations

from django.utils.functional import lazy
from django.utils.translation import gettext as _


def grade_label(grade: int) -> str:
    return _("åk %(n)s") % {"n": grade} if grade <= 9 else _("gy %(n)s") % {"n": grade - 9}


grade_label_lazy = lazy(grade_label, str)
