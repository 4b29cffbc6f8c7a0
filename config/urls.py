from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [
    # Public (residents, pupils)
    path("", include("trygg.public.urls")),
    path("enkat/", include("trygg.surveys.public_urls")),
    path("samverkan/", include("trygg.collaboration.public_urls")),
    path("open311/v2/", include("trygg.open311.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("trygg.accounts.urls")),
    # Organisation users (second factor required for everything under /org/)
    path("org/", include("trygg.core.urls")),
    path("org/accounts/", include("trygg.accounts.org_urls")),
    path("org/areas/", include("trygg.areas.urls")),
    path("org/observations/", include("trygg.incidents.urls")),
    path("org/reports/", include("trygg.incidents.routing_urls")),
    path("org/situation/", include("trygg.situational_picture.urls")),
    path("org/hotspots/", include("trygg.situational_picture.hotspot_urls")),
    path("org/public/", include("trygg.public.org_urls")),
    path("org/interventions/", include("trygg.interventions.urls")),
    path("org/walks/", include("trygg.safety_walks.urls")),
    path("org/surveys/", include("trygg.surveys.urls")),
    path("org/collaboration/", include("trygg.collaboration.urls")),
    path("org/admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
]

handler403 = "trygg.core.errors.forbidden"
handler404 = "trygg.core.errors.not_found"
handler500 = "trygg.core.errors.server_error"
