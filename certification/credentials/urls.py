"""/<lang>/credentials/…: the holder's own credentials."""

from django.urls import path

from . import views

app_name = "credentials"

urlpatterns = [
    path("", views.credential_list, name="list"),
    path("<uuid:public_id>/", views.credential_detail, name="detail"),
]
