"""Admin configuration of the courses app and its part of `manage.py seed_demo`."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CompetencyDomain


class CompetencyDomainViewSet(SnippetViewSet):
    model = CompetencyDomain
    icon = "tag"
    menu_label = _("Competency domains")
    menu_order = 300
    add_to_admin_menu = False
    list_display = ["name", "slug", "locale"]
    ordering = ["sort_order", "slug"]
    search_fields = ["name", "slug"]


register_snippet(CompetencyDomainViewSet)


@hooks.register("sebaya_seed_demo", order=20)
def seed_demo_courses(*, stdout=None):
    from .demo import seed_courses

    return seed_courses(stdout=stdout)
