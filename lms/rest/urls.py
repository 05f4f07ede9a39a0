"""/api/: the schema, its docs, the problem types, and each app's v1 endpoints.

lms.rest names no higher app: the v1 endpoints are included by their module path.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import views

app_name = "rest"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="rest:schema"), name="docs"),
    path("problems/", views.problem_index, name="problems"),
    path("problems/<slug:slug>", views.problem_detail, name="problem"),
    path("v1/", include("certification.rest_api.v1.urls")),
    path("v1/", include("lms.events.rest_api.v1.urls")),
]
