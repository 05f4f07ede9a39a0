"""/<lang>/learn/…: the learner dashboard and the learning actions (all POST but the dashboard)."""

from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("courses/<uuid:course_key>/enrol/", views.enrol, name="enrol"),
    path("courses/<uuid:course_key>/withdraw/", views.withdraw, name="withdraw"),
    path("modules/<int:page_id>/complete/", views.module_complete, name="module-complete"),
    path("notices/<int:notice_id>/dismiss/", views.notice_dismiss, name="notice-dismiss"),
    path(
        "organisations/<slug:slug>/cohorts/<uuid:cohort_id>/enrol/",
        views.cohort_enrol,
        name="cohort-enrol",
    ),
]
