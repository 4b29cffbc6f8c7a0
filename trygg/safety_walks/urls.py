from django.urls import path

from .views import protocol, walking, walks

app_name = "safety_walks"
urlpatterns = [
    path("", walks.walk_list, name="list"),
    path("sw.js", walking.service_worker, name="service_worker"),
    path("new/", walks.walk_create, name="create"),
    path("<int:pk>/", walks.walk_detail, name="detail"),
    path("<int:pk>/edit/", walks.walk_update, name="edit"),
    path("<int:pk>/repeat/", walks.walk_repeat, name="repeat"),
    path("<int:pk>/walk/", walking.walk_page, name="walk"),
    path("<int:pk>/findings/", walking.finding_sync, name="finding_sync"),
    path("<int:pk>/protocol/", protocol.protocol, name="protocol"),
    path("<int:pk>/protocol.pdf", protocol.protocol_download, name="protocol_pdf"),
    path("<int:pk>/close/", protocol.protocol_close, name="close"),
    path("<int:pk>/follow-up/", protocol.followup, name="followup"),
    path("findings/<int:pk>/photo/", walking.finding_photo, name="finding_photo"),
    path("findings/<int:pk>/edit/", walking.finding_edit, name="finding_edit"),
    path("findings/<int:pk>/report/", protocol.finding_to_report, name="finding_report"),
    path("findings/<int:pk>/withdraw/", protocol.finding_withdraw, name="finding_withdraw"),
    path("findings/<int:pk>/intervention/", protocol.finding_to_intervention, name="finding_intervention"),
]
