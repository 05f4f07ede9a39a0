"""Admin configuration of the site frame: the navigation snippet, the crisis-line warning on the
dashboard, and the demo seed."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .demo import seed_site
from .models import Navigation
from .selectors import crisis_lines_unconfirmed_count


class NavigationViewSet(SnippetViewSet):
    model = Navigation
    icon = "list-ul"
    menu_label = "Navigation"
    list_display = ["__str__"]
    add_to_settings_menu = True


register_snippet(NavigationViewSet)


class UnconfirmedCrisisLinesPanel(Component):
    """Tells the operator, on every admin dashboard, how many crisis lines still need confirming."""

    name = "unconfirmed_crisis_lines"
    order = 10

    def __init__(self, count: int):
        self.count = count

    def render_html(self, parent_context=None):
        url = reverse("wagtailsettings:edit", args=["cms", "sitesettings"])
        message = ngettext(
            "%(count)d crisis line has not been confirmed for your region yet.",
            "%(count)d crisis lines have not been confirmed for your region yet.",
            self.count,
        ) % {"count": self.count}
        return format_html(
            '<section class="panel" aria-labelledby="crisis-lines-warning" '
            'style="border-inline-start: 4px solid #b54400; padding: 1rem; margin-bottom: 1.5rem;">'
            '<h2 id="crisis-lines-warning">{}</h2><p>{} {}</p><p><a href="{}">{}</a></p></section>',
            _("Confirm the crisis lines before going live"),
            message,
            _("Every number must be checked by an operator for the region the site serves."),
            url,
            _("Review the crisis lines"),
        )


@hooks.register("construct_homepage_panels")
def add_unconfirmed_crisis_lines_panel(request, panels):
    if not request.user.has_perm("cms.change_sitesettings"):
        return
    count = crisis_lines_unconfirmed_count()
    if count:
        panels.insert(0, UnconfirmedCrisisLinesPanel(count))


@hooks.register("sebaya_seed_demo", order=10)
def seed_demo_site(*, stdout=None):
    return seed_site(stdout=stdout)
