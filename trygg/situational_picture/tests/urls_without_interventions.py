from django.urls import include, path

urlpatterns = [path("org/situation/", include("trygg.situational_picture.urls"))]
