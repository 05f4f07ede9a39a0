"""Admin configuration of the certification app (assessment accommodations, a snippet), what it
adds to other apps through their hooks (a course with a quiz requires a passed attempt before it
counts as completed) and its part of `manage.py seed_demo`."""

from django.urls import path
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from courses import api as courses
from lms.accounts.api import USER_EXPORT_HOOK

from . import admin_views
from .credentials import wagtail_admin  # noqa: F401  (registers the credential admin)
from .models import Accommodation, Attempt, QuizPage
from .selectors import passed_quiz_keys, quizzes_by_course

QUIZ_REQUIREMENT_KEY = "certification.assessment"


class AccommodationViewSet(SnippetViewSet):
    model = Accommodation
    icon = "time"
    menu_label = gettext_lazy("Assessment accommodations")
    menu_order = 310
    add_to_admin_menu = False
    list_display = ["user", "quiz", "extra_minutes", "extra_attempts", "created_at"]
    search_fields = ["user__email"]


register_snippet(AccommodationViewSet)


@hooks.register("register_admin_urls")
def register_item_analysis_urls():
    return [
        path(
            "certification/quizzes/<int:page_id>/analysis/",
            admin_views.quiz_item_analysis,
            name="certification_item_analysis",
        ),
        path(
            "certification/quizzes/<int:page_id>/analysis.csv",
            admin_views.quiz_item_analysis_csv,
            name="certification_item_analysis_csv",
        ),
        path(
            "certification/quizzes/<int:page_id>/regrade/",
            admin_views.quiz_regrade,
            name="certification_regrade",
        ),
    ]


class ItemAnalysisMenuItem(PageMenuItem):
    label = gettext_lazy("Item analysis")
    icon_name = "table"
    url_name = "certification_item_analysis"
    priority = 55

    def is_shown(self, user):
        return self.page.permissions_for_user(user).can_edit()


@hooks.register("register_page_listing_more_buttons")
def item_analysis_listing_button(page, user, next_url=None):
    if page.specific_class is QuizPage:
        yield ItemAnalysisMenuItem(page=page)


@hooks.register("register_page_header_buttons")
def item_analysis_header_button(page, user, view_name, next_url=None):
    if page.specific_class is QuizPage:
        yield ItemAnalysisMenuItem(page=page)


@hooks.register(courses.COURSE_COMPLETION_REQUIREMENTS_HOOK)
def quiz_passed_requirement(*, user_id, course_keys):
    """A course with a live quiz requires a passed attempt at each of its quizzes (3 queries)."""
    quizzes = quizzes_by_course(course_keys=course_keys, language_code=get_language())
    passed = passed_quiz_keys(
        user_id=user_id, quiz_keys={key for by_key in quizzes.values() for key in by_key}
    )
    return {
        course_key: [
            courses.CompletionRequirement(
                key=f"{QUIZ_REQUIREMENT_KEY}.{quiz_key}",
                label=_("Pass the assessment “%(title)s”") % {"title": quiz.title},
                met=quiz_key in passed,
                url=quiz.url or "",
            )
            for quiz_key, quiz in by_key.items()
        ]
        for course_key, by_key in quizzes.items()
    }


@hooks.register("sebaya_seed_demo", order=30)
def seed_demo_quiz(*, stdout=None):
    from .demo import seed_quiz

    return seed_quiz(stdout=stdout)


@hooks.register(USER_EXPORT_HOOK)
def export_assessments(user):
    """The trainee's attempts (answers and results) and accommodations, for their data export."""

    def iso(value):
        return value.isoformat() if value else None

    return "assessments", {
        "attempts": [
            {
                "id": str(row.public_id),
                "quiz_id": str(row.quiz_key),
                "course_id": str(row.course_key),
                "language": row.language_code,
                "status": row.status,
                "started_at": iso(row.started_at),
                "submitted_at": iso(row.submitted_at),
                "submitted_by": row.submitted_by,
                "answers": row.answers,
                "score_percent": None if row.score_percent is None else str(row.score_percent),
                "passed": row.passed,
                "regraded_at": iso(row.regraded_at),
                "score_percent_before_regrading": None
                if row.previous_score_percent is None
                else str(row.previous_score_percent),
                "passed_before_regrading": row.previous_passed,
            }
            for row in Attempt.objects.filter(user=user).order_by("started_at")
        ],
        "accommodations": [
            {
                "quiz_id": str(row.quiz.translation_key),
                "extra_minutes": row.extra_minutes,
                "extra_attempts": row.extra_attempts,
                "created_at": iso(row.created_at),
            }
            for row in Accommodation.objects.filter(user=user).select_related("quiz")
        ],
    }


@hooks.register(USER_EXPORT_HOOK)
def export_certification(user):
    """The holder's credentials (with their signed documents and history), practicum entries and
    signed codes of ethics, for their data export."""
    from .models import Credential, EthicsAttestation, PracticumEntry

    def iso(value):
        return value.isoformat() if value else None

    credentials = Credential.objects.filter(holder=user).prefetch_related("transitions")
    return "certification", {
        "credentials": [
            {
                "id": str(row.public_id),
                "programme_id": str(row.programme_key),
                "status": row.status,
                "issued_at": iso(row.issued_at),
                "valid_from": iso(row.valid_from),
                "valid_until": iso(row.valid_until),
                "display_name": row.display_name,
                "is_public": row.is_public,
                "hours": row.hours,
                "practicum_hours": str(row.practicum_hours),
                "credential": row.document,
                "history": [
                    {"action": t.action, "at": iso(t.at), "to_status": t.to_status}
                    for t in row.transitions.all()
                ],
            }
            for row in credentials
        ],
        "practicum": [
            {
                "id": str(row.public_id),
                "date": iso(row.date),
                "hours": str(row.hours),
                "domain": row.domain,
                "description": row.description,
                "status": row.status,
                "decided_at": iso(row.decided_at),
                "decision_note": row.decision_note,
            }
            for row in PracticumEntry.objects.filter(user=user).order_by("date")
        ],
        "ethics_attestations": [
            {
                "code_id": str(row.code_key),
                "version": row.version,
                "language": row.language_code,
                "text_sha256": row.text_sha256,
                "signed_as": row.typed_name,
                "signed_at": iso(row.signed_at),
            }
            for row in EthicsAttestation.objects.filter(user=user).order_by("signed_at")
        ],
    }


# Programme panels on lower apps' pages (certification/programmes/panels.py) -----------------


@hooks.register(courses.DASHBOARD_PANELS_HOOK, order=10)
def dashboard_credentials_panel(*, user, request, hours):
    from .programmes import panels

    return panels.dashboard_credentials_panel(user=user, request=request, hours=hours)


@hooks.register(courses.DASHBOARD_PANELS_HOOK, order=20)
def dashboard_programmes_panel(*, user, request, hours):
    from .programmes import panels

    return panels.dashboard_programmes_panel(user=user, request=request, hours=hours)


@hooks.register(courses.COURSE_PAGE_PANELS_HOOK, order=10)
def course_programmes_panel(*, page, request):
    from .programmes import panels

    return panels.course_programmes_panel(page=page, request=request)


@hooks.register("sebaya_roster_columns")
def programme_roster_columns():
    from .programmes import panels

    return panels.roster_columns()


@hooks.register("sebaya_seed_demo", order=35)
def seed_demo_credentials(*, stdout=None):
    from .credentials.demo import seed_credentials

    return seed_credentials(stdout=stdout)


@hooks.register(courses.DASHBOARD_PANELS_HOOK, order=30)
def dashboard_verifications_panel(*, user, request, hours):
    """Who verified the trainee's credentials (only for holders; one query)."""
    from django.template.loader import render_to_string

    from .credentials.verification_log import verifications_for_holder

    verifications = verifications_for_holder(user, limit=5)
    if not verifications:
        return None
    return render_to_string(
        "certification/credentials/_verifications.html",
        {"verifications": verifications},
        request=request,
    )
