from django.urls import path

from . import org_views

app_name = "org_accounts"
urlpatterns = [
    path("", org_views.organisation_list, name="organisations"),
    path("new/", org_views.organisation_create, name="organisation_create"),
    path("<int:pk>/", org_views.organisation_detail, name="organisation"),
    path("<int:pk>/roles/", org_views.role_grant, name="role_grant"),
    path("<int:pk>/roles/<int:membership_pk>/revoke/", org_views.role_revoke, name="role_revoke"),
    path("<int:pk>/invitations/", org_views.invitation_send, name="invitation_send"),
    path("audit/", org_views.audit_log, name="audit_log"),
    path("me/", org_views.my_account, name="me"),
]
