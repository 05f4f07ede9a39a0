"""The site's URLs plus the infrastructure probe views at /api/probe/."""

from django.urls import include, path

from lms.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("api/probe/", include("tests.rest.probe")), *site_urlpatterns]
