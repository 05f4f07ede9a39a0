"""Hooks that the courses app offers to higher layers (DESIGN.md: a lower app defines a hook, a
higher app registers a panel for it), so courses never imports them. Register in your app's
``wagtail_hooks.py`` with ``wagtail.hooks.register``.

``sebaya_course_page_panels`` (COURSE_PAGE_PANELS_HOOK)
    Adds content to a course page, such as the certification programmes the course counts towards::

        @hooks.register("sebaya_course_page_panels", order=10)
        def programmes_panel(*, page, request):
            programmes = programmes_for_course(translation_key=page.translation_key)
            if not programmes:
                return None
            return render_to_string(
                "certification/course_programmes_panel.html",
                {"page": page, "programmes": programmes},
                request=request,
            )

    The function is called with keyword arguments only: ``page`` (the ``CoursePage`` being shown,
    in the visitor's locale; use ``page.translation_key`` to recognise the course in every
    language) and ``request`` (may be ``None``). It returns HTML (a ``SafeString``, e.g. from
    ``render_to_string`` or ``format_html``; a plain ``str`` is escaped) or ``None`` to add
    nothing. Panels appear after the list of modules, in hook ``order``, each one in a
    ``<div class="course-panel">``; a panel brings its own ``<h2>``. Translate its strings.

``sebaya_course_completion_requirements`` (COURSE_COMPLETION_REQUIREMENTS_HOOK)
    Adds requirements a trainee must meet, besides completing every module, before a course
    counts as completed (certification: "the course's assessment passed")::

        from courses import api as courses

        @hooks.register(courses.COURSE_COMPLETION_REQUIREMENTS_HOOK)
        def assessment_passed(*, user_id, course_keys):
            passed = passed_assessment_course_keys(user_id=user_id, course_keys=course_keys)
            return {
                key: courses.CompletionRequirement(
                    key="certification.assessment",
                    label=_("Pass the course's final assessment"),
                    met=key in passed,
                    url=assessment_url(key),
                )
                for key in assessments_by_course(course_keys)
            }

    Called with keyword arguments only: ``user_id`` (the trainee's primary key) and
    ``course_keys`` (a frozenset of course translation keys, all the courses a page shows at
    once: answer for all of them with a fixed number of queries, not one per course). Return a
    mapping from course key to one ``CompletionRequirement`` or a list of them; a course missing
    from the mapping has no requirement from this function. ``label`` is shown to the trainee
    (translate it, in the active language); ``url`` (optional) is where they meet it.

    Requirements are checked whenever a module is completed and on re-enrolment. When one becomes
    met later (an assessment passed), call ``courses.api.course_completion_evaluate(user_id=...,
    course_key=...)`` from your handler of your own event: it records
    ``courses.course.completed.v1`` if the course is now complete.

``sebaya_dashboard_panels`` (DASHBOARD_PANELS_HOOK)
    Adds a panel to the learner dashboard (``/<lang>/learn/``), e.g. the trainee's credentials
    with their expiry, or a programme's requirements against their hours::

        @hooks.register("sebaya_dashboard_panels", order=10)
        def credentials_panel(*, user, request, hours):
            credentials = credentials_for(holder_id=user.pk)
            return render_to_string(
                "certification/dashboard_credentials.html",
                {"credentials": credentials, "hours": hours},
                request=request,
            )

    Called with keyword arguments only: ``user`` (the logged-in trainee), ``request`` and
    ``hours`` (their ledger's hours by competency domain, a list of ``DomainHours`` named in the
    active language, so a programme panel can compare without a query of its own). Returns
    HTML (a ``SafeString``; a plain ``str`` is escaped) or ``None``. Panels appear after the
    dashboard's own sections, in hook ``order``, each in a ``<div class="dashboard-panel">``; a
    panel is a ``<section>`` with its own ``<h2>``, translated, usable without JavaScript, and
    makes a fixed number of queries (the dashboard's query count must not grow with what a
    trainee has).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from wagtail import hooks

COURSE_PAGE_PANELS_HOOK = "sebaya_course_page_panels"
COURSE_COMPLETION_REQUIREMENTS_HOOK = "sebaya_course_completion_requirements"
DASHBOARD_PANELS_HOOK = "sebaya_dashboard_panels"


@dataclass(frozen=True)
class CompletionRequirement:
    """Something a trainee must do, besides completing the modules, to complete a course.

    `key`: stable and unique per requirement (e.g. "certification.assessment"); `label`: what to
    do, for the trainee; `met`: whether they did; `url`: where to do it ("" when there is none).
    """

    key: str
    label: str
    met: bool
    url: str = ""


def course_page_panels(*, page, request) -> list[SafeString]:
    """The HTML of every registered course page panel, in hook order, empty ones left out."""
    panels = []
    for panel in hooks.get_hooks(COURSE_PAGE_PANELS_HOOK):
        html = panel(page=page, request=request)
        if html:
            panels.append(conditional_escape(html))
    return panels


def course_completion_requirements(
    *, user_id: int, course_keys: Iterable[UUID]
) -> dict[UUID, tuple[CompletionRequirement, ...]]:
    """Every registered extra requirement of each of `course_keys` for the user, in hook order."""
    keys = frozenset(course_keys)
    result: dict[UUID, list[CompletionRequirement]] = {key: [] for key in keys}
    if not keys:
        return {}
    for declare in hooks.get_hooks(COURSE_COMPLETION_REQUIREMENTS_HOOK):
        answer = declare(user_id=user_id, course_keys=keys) or {}
        for key, requirements in answer.items():
            if key not in result:
                continue  # not asked about
            if isinstance(requirements, CompletionRequirement):
                requirements = [requirements]
            for requirement in requirements:
                if not isinstance(requirement, CompletionRequirement):
                    raise TypeError(
                        f"{declare!r} must return CompletionRequirement objects, not "
                        f"{requirement!r}."
                    )
                result[key].append(requirement)
    return {key: tuple(requirements) for key, requirements in result.items()}


def dashboard_panels(*, user, request, hours) -> list[SafeString]:
    """The HTML of every registered dashboard panel, in hook order, empty ones left out."""
    panels = []
    for panel in hooks.get_hooks(DASHBOARD_PANELS_HOOK):
        html = panel(user=user, request=request, hours=hours)
        if html:
            panels.append(conditional_escape(html))
    return panels
