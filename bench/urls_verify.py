"""The site's URLs plus /bench/bare: a DRF view with nothing in it (no authentication, no
permission, no throttle, no database), the baseline the verification endpoint is compared to."""

from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.urls import urlpatterns as site_urlpatterns


class BareApi(APIView):
    authentication_classes = []
    permission_classes = []
    throttle_classes = []

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [path("bench/bare", BareApi.as_view()), *site_urlpatterns]
