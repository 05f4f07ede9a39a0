"""Template context for every page, cms or not: navigation, footer and crisis lines.

Registered in settings, so lms templates (base.html) show them without importing cms.
"""

from django.utils.functional import SimpleLazyObject

from .selectors import site_chrome_for


def site_chrome(request):
    """`site_chrome`: a cms.selectors.SiteChrome, built (or read from the cache) only when a
    template uses it."""
    return {"site_chrome": SimpleLazyObject(lambda: site_chrome_for(request=request))}
