from django.urls import path

from .views import public

app_name = "collaboration_public"
urlpatterns = [
    path("", public.index, name="index"),
    path("moten/<int:pk>/", public.minutes, name="minutes"),
    path("loften/<int:pk>/", public.promise, name="promise"),
]
