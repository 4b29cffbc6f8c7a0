from django.urls import path

from . import views

app_name = "situational_picture"
urlpatterns = [
    path("", views.week_view, name="week"),
    path("area/<slug:slug>/", views.area_view, name="area"),
    path("approve/", views.approve, name="approve"),
    path("snapshots/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("focus/", views.focus_create, name="focus_create"),
    path("focus/<int:pk>/delete/", views.focus_delete, name="focus_delete"),
    path("export/week.<str:fmt>", views.week_export, name="week_export"),
    path("tertial/", views.tertial_current, name="tertial_current"),
    path("tertial/<int:year>-<int:tertial>/", views.tertial_view, name="tertial"),
    path("tertial/<int:year>-<int:tertial>/export.<str:fmt>", views.tertial_export, name="tertial_export"),
]
