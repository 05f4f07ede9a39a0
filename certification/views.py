"""The trainee's quiz pages: start an attempt (POST), take it (one form for every question, with
"Save" and "Submit" buttons; works without JavaScript), and see the result. The quiz's own page
is a Wagtail page (models.QuizPage). And a coordinator's page for giving a member of their
organisation extra time or extra attempts."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms.organizations import api as organizations

from . import selectors, services
from .forms import CoordinatorAccommodationForm
from .models import QuizPage, ReviewPolicy

ANSWER_PREFIX = "answer-"


def _refused(request, message: str, *, attempt=None, status: int = 400):
    return render(
        request,
        "certification/refused.html",
        {"message": message, "attempt": attempt},
        status=status,
    )


def _no_store(response):
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def attempt_start(request, page_id: int):
    quiz = get_object_or_404(QuizPage.objects.live(), pk=page_id)
    try:
        attempt = services.attempt_start(user=request.user, quiz=quiz)
    except services.QuizUnavailable:
        raise Http404 from None
    except services.AttemptLimitReached as refusal:
        if refusal.next_start_at is None:
            messages.error(request, _("You have used all your attempts at this assessment."))
        else:
            messages.error(
                request,
                _("You have used all your attempts for now. You can try again from %(when)s.")
                % {"when": formats.date_format(refusal.next_start_at, "DATETIME_FORMAT")},
            )
        return redirect(quiz.get_url(request))
    except services.CooldownActive as refusal:
        messages.error(
            request,
            _("You can start your next attempt from %(when)s.")
            % {"when": formats.date_format(refusal.next_start_at, "DATETIME_FORMAT")},
        )
        return redirect(quiz.get_url(request))
    return redirect("certification:attempt-detail", attempt_id=attempt.public_id)


def _attempt_or_404(request, attempt_id: UUID):
    try:
        return selectors.attempt_of(user=request.user, attempt_id=attempt_id)
    except services.AttemptNotFound:
        raise Http404 from None


@login_required
@require_GET
def attempt_detail(request, attempt_id: UUID):
    attempt = _attempt_or_404(request, attempt_id)
    if attempt.is_open and services.attempt_overdue(attempt, timezone.now()):
        services.attempt_submit_if_open(
            attempt_id=attempt.public_id, submitted_by=attempt.SubmittedBy.DEADLINE
        )
        attempt.refresh_from_db()
    quiz = attempt.page
    if attempt.is_open:
        return _no_store(
            render(
                request,
                "certification/attempt_take.html",
                {
                    "attempt": attempt,
                    "quiz": quiz,
                    "units": selectors.questions_for_taking(attempt),
                    "answered": len(attempt.answers),
                },
            )
        )
    policy = attempt.rules.get("review_policy", ReviewPolicy.SCORE)
    return _no_store(
        render(
            request,
            "certification/attempt_result.html",
            {
                "attempt": attempt,
                "quiz": quiz,
                "show_domains": policy in (ReviewPolicy.DOMAINS, ReviewPolicy.QUESTIONS),
                "show_questions": policy == ReviewPolicy.QUESTIONS,
                "domains": selectors.domain_results(attempt),
                "review": selectors.questions_for_review(attempt)
                if policy == ReviewPolicy.QUESTIONS
                else [],
            },
        )
    )


def _posted_answers(request) -> dict[str, list[str]] | None:
    """The answers in the form: for every question it showed (`shown`), the options chosen (none
    clears an answer). None when the form names an answer it did not show (tampered)."""
    shown = request.POST.getlist("shown")
    answers = {item_id: request.POST.getlist(ANSWER_PREFIX + item_id) for item_id in shown}
    for name in request.POST:
        if name.startswith(ANSWER_PREFIX) and name.removeprefix(ANSWER_PREFIX) not in answers:
            return None
    return answers


AUTOSAVE_HEADER = "X-Sebaya-Autosave"


@login_required
@require_POST
def attempt_answer(request, attempt_id: UUID):
    attempt = _attempt_or_404(request, attempt_id)
    answers = _posted_answers(request)
    if answers is None:
        return _refused(request, _("The form did not match the questions of this attempt."))
    submit = "submit" in request.POST
    try:
        if submit:
            services.attempt_submit(
                attempt_id=attempt.public_id, user=request.user, answers=answers
            )
        else:
            services.attempt_answers_save(
                user=request.user, attempt_id=attempt.public_id, answers=answers
            )
    except services.AttemptNotFound:
        raise Http404 from None
    except services.InvalidAnswers:
        return _refused(request, _("The form did not match the questions of this attempt."))
    except services.AttemptClosed as closed:
        if closed.attempt.submitted_by == closed.attempt.SubmittedBy.DEADLINE:
            message = _(
                "The time for this attempt ran out. It was graded with the answers saved before."
            )
        else:
            message = _("This attempt has been submitted already. Answers can no longer change.")
        return _refused(request, message, attempt=closed.attempt)
    if not submit and request.headers.get(AUTOSAVE_HEADER) == "1":
        # The page's autosave script (progressive enhancement): answer with the saved state
        # instead of a redirect, so the trainee keeps their place and nothing is lost.
        return JsonResponse({"saved": True, "saved_at": timezone.now().isoformat()})
    if not submit:
        messages.success(request, _("Your answers are saved."))
    return redirect("certification:attempt-detail", attempt_id=attempt.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def organization_accommodations(request, slug: str):
    """A coordinator gives a member of their organisation extra time per attempt and extra
    attempts at a quiz (Http404 / PermissionDenied for anyone else)."""
    organization = organizations.access_organization_as_coordinator(request.user, slug)
    form = CoordinatorAccommodationForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        member = form.cleaned_data["member"]
        quiz = form.cleaned_data["quiz"]
        services.accommodation_set(
            user=member,
            quiz=quiz,
            extra_minutes=form.cleaned_data["extra_minutes"],
            extra_attempts=form.cleaned_data["extra_attempts"],
            granted_by=request.user,
        )
        messages.success(
            request,
            _(
                "Saved: %(member)s has %(minutes)d extra minutes and %(attempts)d extra "
                "attempts at “%(quiz)s”."
            )
            % {
                "member": form.cleaned_data["email"],
                "minutes": form.cleaned_data["extra_minutes"],
                "attempts": form.cleaned_data["extra_attempts"],
                "quiz": quiz.title,
            },
        )
        return redirect("certification:organization-accommodations", slug=organization.slug)
    return _no_store(
        render(
            request,
            "certification/organization_accommodations.html",
            {"organization": organization, "form": form},
            status=400 if form.is_bound else 200,
        )
    )
