from django.urls import path

from .views import feedback, pages, report

app_name = "public"
urlpatterns = [
    path("", pages.home, name="home"),
    path("sa-jobbar-vi/", pages.safety_work, name="safety_work"),
    path("kontakt/", pages.contact, name="contact"),
    path("rapportera/", report.report_create, name="report"),
    path("rapportera/liknande.json", report.similar_json, name="similar"),
    path("rapporter/", pages.public_map, name="map"),
    path("rapporter/rapporter.geojson", pages.public_geojson, name="map_geojson"),
    path("rapporter/rapporter.csv", pages.public_csv, name="map_csv"),
    path("rapporter/<uuid:public_id>/", report.report_status, name="report_status"),
    path("rapporter/<uuid:public_id>/inte-atgardat/", report.report_still_not_fixed, name="report_reopen"),
    path("sidrespons/", feedback.feedback_submit, name="feedback"),
]
