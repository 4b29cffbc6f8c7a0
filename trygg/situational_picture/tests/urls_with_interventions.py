"""URLconfs with and without a stand-in interventions:create route, to test the "Skapa insats" link either way."""

from django.http import HttpResponse
from django.urls import include, path

urlpatterns = [
    path("test-interventions/", include(([path("create/", lambda r: HttpResponse(""), name="create")],
                                         "interventions"))),
    path("org/situation/", include("trygg.situational_picture.urls")),
]
