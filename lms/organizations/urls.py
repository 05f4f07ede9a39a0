"""/<lang>/organisations/…: a member's organisations, invitation links, and each organisation's
coordinator pages under its slug."""

from django.urls import path, register_converter

from . import views


class TokenConverter:
    """An invitation token (secrets.token_urlsafe(32): 43 characters). Its length keeps it
    apart from the short fixed words of the coordinator URLs."""

    regex = "[A-Za-z0-9_-]{32,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TokenConverter, "invitation_token")

app_name = "organizations"

urlpatterns = [
    path("", views.my_organizations, name="mine"),
    path(
        "invitations/<invitation_token:token>/",
        views.invitation_accept,
        name="invitation-accept",
    ),
    # A member's choices.
    path("<slug:slug>/consent/", views.consent_update, name="consent"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    # Coordinators.
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/roster.csv", views.roster_csv, name="roster-csv"),
    path("<slug:slug>/members/<uuid:member_id>/", views.member_detail, name="member"),
    path("<slug:slug>/members/<uuid:member_id>/role/", views.member_role, name="member-role"),
    path("<slug:slug>/invitations/", views.invitations, name="invitations"),
    path("<slug:slug>/invitations/new/", views.invite, name="invite"),
    path(
        "<slug:slug>/invitations/<uuid:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation-revoke",
    ),
    path(
        "<slug:slug>/invitations/<uuid:invitation_id>/resend/",
        views.invitation_resend,
        name="invitation-resend",
    ),
    path("<slug:slug>/api-keys/", views.api_keys, name="api-keys"),
    path("<slug:slug>/api-keys/new/", views.api_key_create, name="api-key-create"),
    path(
        "<slug:slug>/api-keys/<uuid:api_key_id>/revoke/",
        views.api_key_revoke,
        name="api-key-revoke",
    ),
    path("<slug:slug>/cohorts/new/", views.cohort_create, name="cohort-create"),
    path("<slug:slug>/cohorts/<uuid:cohort_id>/", views.cohort_detail, name="cohort"),
    path("<slug:slug>/cohorts/<uuid:cohort_id>/rename/", views.cohort_rename, name="cohort-rename"),
    path("<slug:slug>/cohorts/<uuid:cohort_id>/delete/", views.cohort_delete, name="cohort-delete"),
    path(
        "<slug:slug>/cohorts/<uuid:cohort_id>/members/add/",
        views.cohort_members_add,
        name="cohort-members-add",
    ),
    path(
        "<slug:slug>/cohorts/<uuid:cohort_id>/members/<uuid:member_id>/remove/",
        views.cohort_member_remove,
        name="cohort-member-remove",
    ),
]
