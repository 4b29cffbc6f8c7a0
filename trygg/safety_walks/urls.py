from django.urls import path  # noqa: F401

app_name = "safety_walks"
urlpatterns: list = []
