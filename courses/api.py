"""The courses app's interface for the apps above it (certification).

Hooks (register in your app's wagtail_hooks.py; see courses/hooks.py for the contract):
    COURSE_PAGE_PANELS_HOOK = "sebaya_course_page_panels": add a panel to every course page.
Reads (plain, frozen data):
    course_competency_hours(course=...) -> list[DomainHours]: a course's hours per competency
    domain, the sum over its live modules, named in the course's locale.
Competency domain slugs (stable; how certification rules name a domain):
    COMPETENCY_DOMAIN_SLUGS.
"""

from .curriculum import COMPETENCY_DOMAINS
from .hooks import COURSE_PAGE_PANELS_HOOK
from .selectors import DomainHours, course_competency_hours

COMPETENCY_DOMAIN_SLUGS = tuple(COMPETENCY_DOMAINS)

__all__ = [
    "COMPETENCY_DOMAIN_SLUGS",
    "COURSE_PAGE_PANELS_HOOK",
    "DomainHours",
    "course_competency_hours",
]
