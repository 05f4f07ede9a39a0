"""The learner's pages and actions under /<lang>/learn/: the dashboard, enrolling and
withdrawing, marking a module complete, dismissing a notice, and a coordinator enrolling a
cohort. Course and module pages themselves are Wagtail pages (models.py)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from lms.organizations import api as organizations

from . import selectors, services
from .forms import CohortEnrolForm
from .hooks import dashboard_panels
from .models import ModulePage


def _back(request, fallback: str) -> HttpResponseRedirect:
    """Back to `next` when it is a page of this site, else to `fallback`."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    return HttpResponseRedirect(target)


def _course_url(request, course_key: UUID) -> str:
    outline = selectors.course_outlines(course_keys=[course_key]).get(course_key)
    if outline is None:
        raise Http404
    return outline.page.get_url(request)


def _names(users) -> str:
    return ", ".join(user.display_name or user.email for user in users)


@login_required
@require_GET
def dashboard(request):
    user = request.user
    courses = selectors.learner_courses(user=user)
    hours = selectors.hours_by_domain(user_id=user.pk)
    active = [progress for progress in courses if progress.is_enrolled]
    response = render(
        request,
        "courses/dashboard.html",
        {
            "in_progress": [progress for progress in active if not progress.is_completed],
            "completed": [progress for progress in active if progress.is_completed],
            "withdrawn": [progress for progress in courses if not progress.is_enrolled],
            "notices": selectors.module_notices(user=user),
            "hours": hours,
            "total_hours": selectors.hours_total(hours),
            "available": selectors.available_courses(user=user),
            "panels": dashboard_panels(user=user, request=request, hours=hours),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def enrol(request, course_key: UUID):
    course_url = _course_url(request, course_key)
    try:
        result = services.enrolment_create(user=request.user, course_key=course_key)
    except services.PrerequisitesMissing as refusal:
        messages.error(
            request,
            _("You cannot enrol in this course yet. Complete these courses first: %(courses)s.")
            % {"courses": ", ".join(course.title for course in refusal.courses)},
        )
        return redirect(course_url)
    except services.CourseNotFound as error:
        raise Http404 from error
    if result.outcome == services.EnrolmentOutcome.ALREADY_ENROLLED:
        messages.info(request, _("You are already enrolled in this course."))
    elif result.outcome == services.EnrolmentOutcome.REACTIVATED:
        messages.success(
            request, _("Welcome back. You are enrolled again, and your progress was kept.")
        )
    else:
        messages.success(request, _("You are enrolled. Your progress is saved as you go."))
    return _back(request, course_url)


@login_required
@require_POST
def withdraw(request, course_key: UUID):
    course_url = _course_url(request, course_key)
    try:
        services.enrolment_withdraw(user=request.user, course_key=course_key)
    except services.NotEnrolled:
        messages.info(request, _("You are not enrolled in this course."))
    except services.CourseAlreadyCompleted:
        messages.info(
            request, _("You completed this course, so there is nothing to withdraw from.")
        )
    else:
        messages.success(
            request,
            _("You withdrew from the course. Your progress is kept if you enrol again."),
        )
    return _back(request, course_url)


@login_required
@require_POST
def module_complete(request, page_id: int):
    module = ModulePage.objects.live().filter(pk=page_id).first()
    if module is None:
        raise Http404
    module_url = module.get_url(request)
    try:
        result = services.module_complete(user=request.user, module=module)
    except services.ModuleNotAvailable as error:
        raise Http404 from error
    except services.NotEnrolled:
        messages.error(request, _("Enrol in the course first: then your progress in it is saved."))
        return redirect(module_url)
    if result.course_completed:
        messages.success(request, _("You completed the course. Well done!"))
        return redirect(_course_url(request, result.completion.course_key))
    if result.recorded:
        messages.success(request, _("You marked this module complete."))
    return redirect(f"{module_url}#module-progress")


@login_required
@require_POST
def notice_dismiss(request, notice_id: int):
    try:
        services.notice_dismiss(user=request.user, notice_id=notice_id)
    except services.NoticeNotFound as error:
        raise Http404 from error
    messages.success(request, _("The notice was dismissed."))
    return redirect("courses:dashboard")


@login_required
@require_POST
def cohort_enrol(request, slug: str, cohort_id: UUID):
    """A coordinator enrols every member of one of their organisation's cohorts in a course."""
    cohort = organizations.access_cohort_as_coordinator(request.user, slug, cohort_id)
    cohort_url_args = {"slug": slug, "cohort_id": cohort_id}
    form = CohortEnrolForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a course to enrol the cohort in."))
        return redirect("organizations:cohort", **cohort_url_args)
    course = form.cleaned_data["course"]
    try:
        report = services.enrolments_create_for_group(
            user_ids=organizations.cohort_member_ids(cohort.id),
            course_key=course.translation_key,
            enrolled_by=request.user,
            organization_id=cohort.organization.id,
        )
    except services.CourseNotFound:
        messages.error(request, _("That course is not available any more."))
        return redirect("organizations:cohort", **cohort_url_args)
    values = {"course": course.title, "count": len(report.enrolled)}
    if report.enrolled:
        messages.success(
            request,
            ngettext(
                "%(count)s member was enrolled in %(course)s.",
                "%(count)s members were enrolled in %(course)s.",
                len(report.enrolled),
            )
            % values,
        )
    if report.already_enrolled:
        messages.info(
            request,
            _("Already enrolled in %(course)s: %(names)s.")
            % {"course": course.title, "names": _names(report.already_enrolled)},
        )
    if report.missing_prerequisites:
        messages.warning(
            request,
            _(
                "Not enrolled, because they have not completed the courses %(course)s needs "
                "first: %(names)s."
            )
            % {"course": course.title, "names": _names(report.missing_prerequisites)},
        )
    if not (report.enrolled or report.already_enrolled or report.missing_prerequisites):
        messages.info(request, _("The cohort has no members to enrol."))
    return redirect("organizations:cohort", **cohort_url_args)
