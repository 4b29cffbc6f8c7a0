from django.urls import path

from .hotspots import views

app_name = "hotspots"
urlpatterns = [
    path("", views.hotspot_map, name="map"),
]
