"""Forms for the department queue and the routing rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.accounts.models import Organisation
from trygg.areas.models import Area

from .selectors import resident_categories


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Kommentar till invånaren (valfritt)"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Visas för invånaren och på den offentliga sidan. Skriv inga personuppgifter."),
    )


class NotFixedForm(forms.Form):
    note = forms.CharField(
        label=_("Varför åtgärdas det inte?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Visas för invånaren och på den offentliga sidan. Skriv inga personuppgifter."),
        error_messages={"required": _("Förklara varför det inte åtgärdas.")},
    )


class RerouteForm(NoteForm):
    organisation = forms.ModelChoiceField(
        label=_("Skicka till"), queryset=Organisation.objects.filter(is_active=True), empty_label=_("Välj aktör"),
        error_messages={"required": _("Välj vilken aktör som ska ta över.")},
    )
    field_order = ["organisation", "note"]


class MergeForm(NoteForm):
    into: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Samma sak som rapport"), queryset=None, empty_label=_("Välj rapport"),  # type: ignore[arg-type]
        error_messages={"required": _("Välj den rapport som gäller samma sak.")},
    )
    field_order = ["into", "note"]

    def __init__(self, *args: Any, candidates: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        into = self.fields["into"]
        assert isinstance(into, forms.ModelChoiceField)  # noqa: S101  (narrows the type for mypy)
        into.queryset = candidates
        into.label_from_instance = lambda o: (  # type: ignore[assignment]
            f"#{o.pk} {o.category.name}, {o.observed_at:%Y-%m-%d} ({o.get_status_display()})")


class RoutingRuleForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Kategori"), queryset=resident_categories(),
                                      empty_label=_("Välj kategori"),
                                      error_messages={"required": _("Välj en kategori.")})
    area = forms.ModelChoiceField(label=_("Område"), queryset=Area.objects.all(), required=False,
                                  empty_label=_("Hela kommunen"))
    organisation = forms.ModelChoiceField(label=_("Ansvarig aktör"),
                                          queryset=Organisation.objects.filter(is_active=True),
                                          empty_label=_("Välj aktör"),
                                          error_messages={"required": _("Välj ansvarig aktör.")})
