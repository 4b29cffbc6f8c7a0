from django.urls import path  # noqa: F401

app_name = "collaboration_public"
urlpatterns: list = []
