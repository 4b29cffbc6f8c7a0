from django.urls import path

from .views import public

app_name = "surveys_public"
urlpatterns = [
    path("", public.code_entry, name="code"),
    path("svara/", public.answer, name="answer"),
    path("svara/<int:number>/", public.step, name="step"),
    path("installningar/", public.settings_toggle, name="settings"),
    path("skicka/", public.review, name="review"),
    path("tack/", public.thanks, name="thanks"),
    path("avbryt/", public.cancel, name="cancel"),
]
