"""/<lang>/programmes/…: the programmes and a trainee's checklist, signing a code of ethics,
the practicum log and a supervisor's review. "practicum" is not available as a programme slug."""

from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_index, name="index"),
    path("practicum/", views.practicum, name="practicum"),
    path("practicum/review/", views.practicum_review, name="practicum-review"),
    path(
        "practicum/<uuid:entry_id>/withdraw/",
        views.practicum_withdraw,
        name="practicum-withdraw",
    ),
    path("practicum/<uuid:entry_id>/decide/", views.practicum_decide, name="practicum-decide"),
    path("<slug:slug>/", views.programme_detail, name="detail"),
    path("<slug:slug>/ethics/", views.programme_ethics, name="ethics"),
]
