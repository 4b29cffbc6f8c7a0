"""Set-up pages: surveys, schools and classes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.accounts.decorators import deny, require
from trygg.areas.selectors import areas_geojson

from .. import services
from ..forms import SchoolClassForm, SchoolForm, SurveyForm
from ..models import School, Survey
from ..permissions import can_manage, can_moderate_texts, can_set_up_school, can_use_surveys
from ..selectors import SurveyResults


def _form_errors_to(form: object, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)  # type: ignore[attr-defined]
    else:
        form.add_error(None, error.messages)  # type: ignore[attr-defined]


@require(can_use_surveys)
def survey_list(request: HttpRequest) -> HttpResponse:
    surveys = Survey.objects.visible_to(request.user).prefetch_related("schools__organisation")
    return render(request, "surveys/survey_list.html", {
        "surveys": surveys, "can_manage": can_manage(request.user), "can_moderate": can_moderate_texts(request.user)})


@require(can_manage)
def survey_create(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = SurveyForm(request.POST or None, initial={"year": today.year, "opens_on": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = services.survey_create(
                name=data["name"], year=data["year"], grades=data["grades"], schools=data["schools"],
                opens_on=data["opens_on"], closes_on=data["closes_on"], min_group_size=data["min_group_size"],
                questions=data["questions"], by=request.user)
        except ValidationError as error:
            _form_errors_to(form, error)
        else:
            messages.success(request, _("Enkäten är skapad som utkast."))
            return redirect("surveys:detail", pk=survey.pk)
    return render(request, "surveys/survey_form.html", {"form": form})


@require(can_use_surveys)
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.visible_to(request.user), pk=pk)
    schools = School.objects.visible_to(request.user).filter(surveys=survey)
    results = SurveyResults(survey, schools=schools)
    return render(request, "surveys/survey_detail.html", {
        "survey": survey, "results": results, "rates": results.rates(), "total_rate": results.total_rate(),
        "can_manage": can_manage(request.user), "can_codes": can_set_up_school(request.user),
    })


def _transition(request: HttpRequest, pk: int, service: object, done: str) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.visible_to(request.user), pk=pk)
    try:
        service(survey=survey, by=request.user)  # type: ignore[operator]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("surveys:detail", pk=survey.pk)


@require_POST
@require(can_manage)
def survey_open(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.survey_open, _("Enkäten är öppen för elever."))


@require_POST
@require(can_manage)
def survey_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.survey_close, _("Enkäten är stängd."))


@require(can_set_up_school)
def school_list(request: HttpRequest) -> HttpResponse:
    schools = School.objects.visible_to(request.user).select_related("organisation", "area")
    form = SchoolForm(request.POST or None) if can_manage(request.user) else None
    if request.method == "POST":
        if form is None:
            deny(request, "surveys.school_create")
        elif form.is_valid():
            data = form.cleaned_data
            try:
                school = services.school_save(organisation=data["organisation"], area=data["area"], lat=data["lat"],
                                              lon=data["lon"], by=request.user)
            except ValidationError as error:
                _form_errors_to(form, error)
            else:
                messages.success(request, _("Skolan är tillagd."))
                return redirect("surveys:school", pk=school.pk)
    return render(request, "surveys/school_list.html", {
        "schools": schools, "form": form, "areas_geojson": areas_geojson(),
        "points": {"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [s.lon, s.lat]},
             "properties": {"label": str(s)}} for s in schools]},
    })


@require(can_set_up_school)
def school_detail(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(School.objects.visible_to(request.user).select_related("organisation", "area"), pk=pk)
    form = SchoolClassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.school_class_create(school=school, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors_to(form, error)
        else:
            messages.success(request, _("Klassen är tillagd."))
            return redirect("surveys:school", pk=school.pk)
    return render(request, "surveys/school_detail.html", {"school": school, "form": form,
                                                          "classes": school.classes.all()})
