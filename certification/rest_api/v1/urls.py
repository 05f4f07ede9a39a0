"""/api/v1/ endpoints of certification: credential verification and the organisation's roster."""

from django.urls import path

from . import views

urlpatterns = [
    # The fixed paths first: "verify" is not a credential id.
    path("credentials/verify", views.CredentialVerifyApi.as_view(), name="credential-verify"),
    path(
        "credentials/verify-bulk",
        views.CredentialVerifyBulkApi.as_view(),
        name="credential-verify-bulk",
    ),
    path(
        "credentials/<str:credential_id>",
        views.CredentialDetailApi.as_view(),
        name="credential-detail",
    ),
    path("members", views.MemberListApi.as_view(), name="member-list"),
    path("members/<str:member_id>", views.MemberDetailApi.as_view(), name="member-detail"),
    path(
        "members/<str:member_id>/enrolments",
        views.MemberEnrolmentCreateApi.as_view(),
        name="member-enrolment-create",
    ),
    path("invitations", views.InvitationCreateApi.as_view(), name="invitation-create"),
]
