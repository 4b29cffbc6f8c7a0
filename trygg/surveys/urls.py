from django.urls import path

from .views import codes, results, setup

app_name = "surveys"
urlpatterns = [
    path("", setup.survey_list, name="list"),
    path("ny/", setup.survey_create, name="create"),
    path("<int:pk>/", setup.survey_detail, name="detail"),
    path("<int:pk>/oppna/", setup.survey_open, name="open"),
    path("<int:pk>/stang/", setup.survey_close, name="close"),
    path("<int:pk>/koder/", codes.codes, name="codes"),
    path("<int:pk>/resultat/", results.results, name="results"),
    path("<int:pk>/export.csv", results.export, {"fmt": "csv"}, name="export_csv"),
    path("<int:pk>/export.xlsx", results.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("skolor/", setup.school_list, name="schools"),
    path("skolor/<int:pk>/", setup.school_detail, name="school"),
    path("fritext/", results.texts, name="texts"),
    path("fritext/<uuid:pk>/", results.text_decide, name="text_decide"),
]
