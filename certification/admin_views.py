"""The quiz's item analysis in the Wagtail admin, for those who may edit the quiz (with a CSV
export), and the regrading of its attempts after a correction, for administrators."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from .models import QuizPage
from .selectors import domain_pass_rates, item_analysis
from .services import attempts_regrade

# Spreadsheets run a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _quiz_for_editor(request, page_id: int) -> QuizPage:
    quiz = get_object_or_404(QuizPage, pk=page_id)
    if not quiz.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return quiz


@require_GET
def quiz_item_analysis(request, page_id: int):
    quiz = _quiz_for_editor(request, page_id)
    return TemplateResponse(
        request,
        "certification/admin/item_analysis.html",
        {
            "page_title": _("Item analysis: %(title)s") % {"title": quiz.title},
            "header_icon": "table",
            "quiz": quiz,
            "items": item_analysis(quiz_key=quiz.translation_key),
            "domain_rates": domain_pass_rates(
                quiz_key=quiz.translation_key, pass_mark_percent=quiz.pass_mark_percent
            ),
            "can_regrade": request.user.is_superuser,
        },
    )


def csv_cell(value) -> str:
    """`value` as a CSV cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


@require_GET
def quiz_item_analysis_csv(request, page_id: int):
    quiz = _quiz_for_editor(request, page_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"item-analysis-{slugify(quiz.slug) or quiz.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")  # so spreadsheets read UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Question"),
            _("Prompt"),
            _("Competency domain"),
            _("Attempts"),
            _("Difficulty"),
            _("Discrimination"),
            _("Flagged"),
            _("Options chosen"),
        ]
    )
    for item in item_analysis(quiz_key=quiz.translation_key):
        options = "; ".join(
            f"{option_id}{' ✓' if right else ''}: {count}"
            for option_id, _text, right, count in item.choices
        )
        writer.writerow(
            [
                csv_cell(value)
                for value in (
                    item.item_id,
                    strip_tags(item.prompt).strip(),
                    item.domain,
                    item.attempts,
                    item.difficulty,
                    item.discrimination,
                    _("yes") if item.flagged else "",
                    options,
                )
            ]
        )
    return response


@require_http_methods(["GET", "POST"])
def quiz_regrade(request, page_id: int):
    """GET: ask to confirm; POST: regrade every submitted attempt against the live answer key."""
    if not request.user.is_superuser:
        raise PermissionDenied
    quiz = get_object_or_404(QuizPage, pk=page_id)
    if request.method == "POST":
        changed = attempts_regrade(quiz=quiz, regraded_by=request.user)
        messages.success(
            request,
            ngettext(
                "Regraded: %(count)d attempt has a new result.",
                "Regraded: %(count)d attempts have a new result.",
                changed,
            )
            % {"count": changed},
        )
        return redirect("certification_item_analysis", page_id=quiz.pk)
    return TemplateResponse(
        request,
        "certification/admin/regrade_confirm.html",
        {
            "page_title": _("Regrade attempts: %(title)s") % {"title": quiz.title},
            "header_icon": "table",
            "quiz": quiz,
        },
    )
