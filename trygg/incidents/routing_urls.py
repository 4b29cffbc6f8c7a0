from django.urls import path

from .residents import views

app_name = "routing"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
    path("regler/", views.rules, name="rules"),
    path("regler/<int:pk>/ta-bort/", views.rule_delete, name="rule_delete"),
]
