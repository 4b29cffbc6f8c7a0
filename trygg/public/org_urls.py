from django.urls import path

from trygg.open311 import org_views

from .views import feedback

app_name = "public_org"
urlpatterns = [
    path("sidrespons/", feedback.feedback_stats, name="feedback_stats"),
    path("api-nycklar/", org_views.api_keys, name="api_keys"),
    path("api-nycklar/<int:pk>/sparra/", org_views.api_key_deactivate, name="api_key_deactivate"),
]
