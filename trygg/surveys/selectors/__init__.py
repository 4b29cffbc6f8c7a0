"""Reads for pupil surveys. `area_summary` is the cross-app contract (see helper contracts)."""

from .places import place_layer
from .results import SurveyResults, grade_label, previous_survey, year_comparison
from .summary import area_summary, latest_survey, survey_summary

__all__ = ["SurveyResults", "area_summary", "grade_label", "latest_survey", "place_layer", "previous_survey",
           "survey_summary", "year_comparison"]
