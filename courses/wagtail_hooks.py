"""Admin configuration of the courses app, its part of `manage.py seed_demo`, and what it adds
to other apps' pages through their hooks: the roster's progress column, the cohort enrolment
action, and the learning records in a user's data export."""

from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.accounts.api import USER_EXPORT_HOOK
from lms.organizations import api as organizations

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


@hooks.register("sebaya_seed_demo", order=25)
def seed_demo_progress(*, stdout=None):
    from .demo import seed_trainee_progress

    return seed_trainee_progress(stdout=stdout)


def progress_column_values(*, organization_id: int, user_ids: frozenset[int]) -> dict[int, str]:
    """Each member's courses and progress, as one line of text (a fixed number of queries)."""
    from .selectors import progress_by_user

    values = {}
    for user_id, courses in progress_by_user(user_ids=user_ids).items():
        parts = []
        for progress in courses:
            if progress.is_completed:
                state = gettext("completed")
            elif not progress.is_enrolled:
                state = gettext("withdrawn, %(done)s of %(total)s modules") % {
                    "done": progress.done,
                    "total": progress.total,
                }
            else:
                state = gettext("%(done)s of %(total)s modules") % {
                    "done": progress.done,
                    "total": progress.total,
                }
            parts.append(f"{progress.page.title}: {state}")
        values[user_id] = "; ".join(parts)
    return values


@hooks.register(organizations.ROSTER_COLUMNS_HOOK)
def roster_columns():
    return organizations.RosterColumn(
        key="courses.progress",
        label=_("Courses and progress"),
        scope=organizations.SCOPE_PROGRESS,
        values=progress_column_values,
    )


@hooks.register(organizations.COHORT_ACTIONS_HOOK)
def enrol_cohort_action(*, cohort, request):
    from .forms import CohortEnrolForm

    form = CohortEnrolForm(auto_id="cohort-enrol-%s")
    return render_to_string(
        "courses/cohort_enrol_action.html",
        {"cohort": cohort, "form": form, "has_courses": form.fields["course"].queryset.exists()},
        request=request,
    )


@hooks.register(USER_EXPORT_HOOK)
def export_learning(user):
    from .models import ContentChangeNotice, Enrolment, HoursLedgerEntry, ModuleCompletion

    return "learning", {
        "enrolments": [
            {
                "id": str(row.public_id),
                "course_id": str(row.course_key),
                "status": row.status,
                "enrolled_at": row.enrolled_at.isoformat(),
                "withdrawn_at": row.withdrawn_at.isoformat() if row.withdrawn_at else None,
                "completed_at": row.completed_at.isoformat() if row.completed_at else None,
                "enrolled_by_organisation": row.organization_id is not None,
            }
            for row in Enrolment.objects.filter(user=user).order_by("enrolled_at")
        ],
        "module_completions": [
            {
                "module_id": str(row.module_key),
                "course_id": str(row.course_key),
                "page_id": row.page_id,
                "revision_id": row.revision_id,
                "completed_at": row.completed_at.isoformat(),
            }
            for row in ModuleCompletion.objects.filter(user=user).order_by("completed_at")
        ],
        "hours": [
            {
                "module_id": str(row.module_key),
                "course_id": str(row.course_key),
                "domain_id": str(row.domain_key),
                "hours": str(row.hours),
                "earned_at": row.earned_at.isoformat(),
            }
            for row in HoursLedgerEntry.objects.filter(user=user).order_by("earned_at", "pk")
        ],
        "content_change_notices": [
            {
                "module_id": str(row.module_key),
                "revision_id": row.revision_id,
                "created_at": row.created_at.isoformat(),
                "dismissed_at": row.dismissed_at.isoformat() if row.dismissed_at else None,
            }
            for row in ContentChangeNotice.objects.filter(user=user).order_by("created_at")
        ],
    }
