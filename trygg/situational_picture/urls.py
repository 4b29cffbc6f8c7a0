from django.urls import path  # noqa: F401

app_name = "situational_picture"
urlpatterns: list = []
