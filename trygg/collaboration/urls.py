from django.urls import path

from .views import agreements, meetings, networks, setup, steering

app_name = "collaboration"
urlpatterns = [
    path("", meetings.index, name="index"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/agenda/", meetings.meeting_agenda, name="meeting_agenda"),
    path("meetings/<int:pk>/invite/", meetings.meeting_invite, name="meeting_invite"),
    path("meetings/<int:pk>/rsvp/", meetings.meeting_rsvp, name="meeting_rsvp"),
    path("meetings/<int:pk>/contribution/", meetings.meeting_contribution, name="meeting_contribution"),
    path("meetings/<int:pk>/agenda/add/", meetings.meeting_agenda_add, name="meeting_agenda_add"),
    path("meetings/<int:pk>/groups/", meetings.meeting_group_note, name="meeting_group_note"),
    path("meetings/<int:pk>/decisions/", meetings.meeting_decision, name="meeting_decision"),
    path("meetings/<int:pk>/decisions/<int:decision_pk>/intervention/", meetings.decision_convert,
         name="decision_convert"),
    path("meetings/<int:pk>/minutes/", meetings.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:pk>/minutes/<str:step>/", meetings.meeting_minutes_transition, name="minutes_step"),
    path("agreements/new/", setup.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", agreements.agreement_detail, name="agreement"),
    path("agreements/<int:pk>/add/<str:part>/", setup.agreement_add, name="agreement_add"),
    path("agreements/<int:pk>/goals/<int:goal_pk>/follow-up/", agreements.goal_follow_up, name="goal_follow_up"),
    path("agreements/<int:pk>/goals/<int:goal_pk>/link/", agreements.goal_link, name="goal_link"),
    path("promises/new/", setup.promise_create, name="promise_create"),
    path("promises/<int:pk>/", agreements.promise_detail, name="promise"),
    path("promises/<int:pk>/activities/", setup.activity_add, name="activity_add"),
    path("promises/<int:pk>/activities/<int:activity_pk>/progress/", agreements.promise_progress,
         name="promise_progress"),
    path("promises/<int:pk>/<str:step>/", agreements.promise_step, name="promise_step"),
    path("networks/new/", setup.network_create, name="network_create"),
    path("networks/<slug:slug>/", networks.network_detail, name="network"),
    path("networks/<slug:slug>/documents/", networks.network_document_upload, name="network_upload"),
    path("networks/<slug:slug>/documents/<int:pk>/", networks.network_document, name="network_document"),
    path("networks/<slug:slug>/interventions/", networks.network_link, name="network_link"),
    path("steering/", steering.steering, name="steering"),
    path("steering/export.<str:fmt>", steering.steering_export, name="steering_export"),
]
