from django.urls import path

from . import views

app_name = "incidents"
urlpatterns = [
    path("", views.observation_list, name="list"),
    path("new/", views.observation_create, name="create"),
    path("week/", views.week_view, name="week"),
    path("week/nothing/", views.nothing_to_report, name="nothing"),
    path("week/remind/", views.send_reminders, name="remind"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("<int:pk>/", views.observation_detail, name="detail"),
    path("<int:pk>/edit/", views.observation_edit, name="edit"),
    path("<int:pk>/moderate/", views.moderate, name="moderate"),
    path("<int:pk>/photos/<int:photo_pk>/", views.observation_photo, name="photo"),
]
