"""The site's URLs. Language-neutral machine endpoints first, then the pages under /<lang>/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms.core import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The partner API, its schema and docs (lms.rest mounts each app's rest_api/v1/).
    path("api/", include("lms.rest.urls")),
    path("", include("certification.credentials.public_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("accounts/", include("lms.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("organisations/", include("lms.organizations.urls")),
    path("learn/", include("courses.urls")),
    path("assessments/", include("certification.urls")),
    path("programmes/", include("certification.programmes.urls")),
    path("credentials/", include("certification.credentials.urls")),
    path("", include("cms.urls")),
    # Wagtail's page serving comes last: it matches every remaining path.
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
