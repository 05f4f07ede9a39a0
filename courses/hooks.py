"""Hooks that the courses app offers to higher layers (DESIGN.md: a lower app defines a hook, a
higher app registers a panel for it), so courses never imports them.

``sebaya_course_page_panels``
    Adds content to a course page, such as the certification programmes the course counts towards.
    Register a function in your app's ``wagtail_hooks.py``::

        from wagtail import hooks

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
"""

from __future__ import annotations

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from wagtail import hooks

COURSE_PAGE_PANELS_HOOK = "sebaya_course_page_panels"


def course_page_panels(*, page, request) -> list[SafeString]:
    """The HTML of every registered course page panel, in hook order, empty ones left out."""
    panels = []
    for panel in hooks.get_hooks(COURSE_PAGE_PANELS_HOOK):
        html = panel(page=page, request=request)
        if html:
            panels.append(conditional_escape(html))
    return panels
