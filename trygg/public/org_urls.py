from django.urls import path

from .views import feedback

app_name = "public_org"
urlpatterns = [
    path("sidrespons/", feedback.feedback_stats, name="feedback_stats"),
]
