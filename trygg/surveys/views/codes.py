"""Code sheets: codes are generated on POST and returned once, as a print page or a PDF; only hashes stay."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers

from trygg.accounts.decorators import require

from .. import services
from ..forms import CodesForm
from ..models import School, SchoolClass, Survey, SurveyStatus
from ..pdf import code_slips_pdf
from ..permissions import can_set_up_school


@require(can_set_up_school)
def codes(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.visible_to(request.user), pk=pk)
    schools = School.objects.visible_to(request.user).filter(surveys=survey)
    classes = SchoolClass.objects.filter(school__in=schools, grade__in=survey.grades).select_related(
        "school__organisation")
    form = CodesForm(request.POST or None, classes=classes)
    if request.method == "POST" and form.is_valid() and survey.status != SurveyStatus.CLOSED:
        school_class = form.cleaned_data["school_class"]
        try:
            plain = services.codes_generate(survey=survey, school_class=school_class, kind=form.cleaned_data["kind"],
                                            by=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if form.cleaned_data["output"] == "pdf":
                response = HttpResponse(code_slips_pdf(survey=survey, school_class=school_class, codes=plain),
                                        content_type="application/pdf")
                response["Content-Disposition"] = f'attachment; filename="koder-{school_class.pk}.pdf"'
            else:
                response = render(request, "surveys/code_sheet.html", {
                    "survey": survey, "school_class": school_class, "codes": plain,
                    "address": settings.TRYGG_SITE_URL.rstrip("/") + "/enkat/"})
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, private"
            return response
    return render(request, "surveys/codes.html", {"survey": survey, "form": form, "classes": classes})
