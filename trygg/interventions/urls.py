from django.urls import path

from . import views

app_name = "interventions"
urlpatterns = [
    path("", views.intervention_list, name="list"),
    path("vem-gor-vad/", views.intervention_overview, name="overview"),
    path("forsenade/", views.intervention_overdue, name="overdue"),
    path("ny/", views.intervention_create, name="create"),
    path("<int:pk>/", views.intervention_detail, name="detail"),
    path("<int:pk>/andra/", views.intervention_edit, name="edit"),
    path("<int:pk>/status/", views.intervention_transition, name="transition"),
]
