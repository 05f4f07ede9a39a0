"""/<lang>/assessments/…: starting, answering, submitting and reviewing quiz attempts; a
coordinator's accommodations for their organisation's members."""

from django.urls import path

from . import views

app_name = "certification"

urlpatterns = [
    path("quizzes/<int:page_id>/start/", views.attempt_start, name="attempt-start"),
    path("attempts/<uuid:attempt_id>/", views.attempt_detail, name="attempt-detail"),
    path("attempts/<uuid:attempt_id>/answers/", views.attempt_answer, name="attempt-answer"),
    path(
        "organisations/<slug:slug>/accommodations/",
        views.organization_accommodations,
        name="organization-accommodations",
    ),
]
