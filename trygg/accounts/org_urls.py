from django.urls import path  # noqa: F401

app_name = "org_accounts"
urlpatterns: list = []
