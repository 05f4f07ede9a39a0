"""The quiz's item analysis in the Wagtail admin, for those who may edit the quiz."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .models import QuizPage
from .selectors import item_analysis


@require_GET
def quiz_item_analysis(request, page_id: int):
    quiz = get_object_or_404(QuizPage, pk=page_id)
    if not quiz.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return TemplateResponse(
        request,
        "certification/admin/item_analysis.html",
        {
            "page_title": _("Item analysis: %(title)s") % {"title": quiz.title},
            "header_icon": "table",
            "quiz": quiz,
            "items": item_analysis(quiz_key=quiz.translation_key),
        },
    )
