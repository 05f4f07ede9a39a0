"""Demo content of the courses app: the competency domains, the Peer Support Foundations course,
and the demo trainee's progress in it (`seed_trainee_progress`).

`seed_courses()` reads courses/demo_content/curriculum (validated first, see `curriculum.py`),
then creates or updates, in one transaction: the six competency domains in every language; the
English course under the English home page with its modules in order; the German and Indonesian
translations (`copy_for_translation`, so every page shares its translation_key with the English
one) filled from their files; it publishes every page whose content differs from its file, puts
the course under the "Clinical review" workflow and features it on each home page.

Idempotent: a second run finds nothing to change and writes nothing. After a curriculum file
changes, the pages it describes get a new published revision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from wagtail.blocks import StreamValue
from wagtail.models import Locale, Page, Site

from .curriculum import (
    COMPETENCY_DOMAINS,
    CURRICULUM_DIR,
    CourseContent,
    ModuleContent,
    block_id,
    load_curriculum,
)
from .models import (
    CompetencyDomain,
    CoursePage,
    ModuleCompetencyHours,
    ModuleCompletion,
    ModulePage,
)


@dataclass
class SeedReport:
    published: list[str] = field(default_factory=list)
    unchanged: int = 0

    def note(self, page: Page, published: bool) -> None:
        if published:
            self.published.append(f"{page.locale.language_code}: {page.title}")
        else:
            self.unchanged += 1


def _outcomes_raw(outcomes: tuple[str, ...], *, key: str) -> list[dict[str, Any]]:
    return [
        {"type": "outcome", "value": outcome, "id": block_id(key, "learning_outcomes", index)}
        for index, outcome in enumerate(outcomes, start=1)
    ]


def _course_values(content: CourseContent) -> dict[str, Any]:
    return {
        "title": content.title,
        "summary": content.summary,
        "search_description": content.summary,
        "audience": content.audience,
        "estimated_minutes": content.estimated_minutes,
        "learning_outcomes": _outcomes_raw(content.learning_outcomes, key=content.slug),
        "intro": content.intro,
    }


def _module_values(content: ModuleContent) -> dict[str, Any]:
    return {
        "title": content.title,
        "summary": content.summary,
        "search_description": content.summary,
        "estimated_minutes": content.estimated_minutes,
        "content_note": content.content_note,
        "learning_outcomes": _outcomes_raw(content.learning_outcomes, key=content.slug),
        "body": list(content.body),
    }


def _prepared(page: Page, name: str, value: Any) -> Any:
    """`value` as the database would store it, so a file and a page can be compared."""
    model_field = page._meta.get_field(name)
    if not isinstance(value, StreamValue):
        value = model_field.to_python(value)
    return model_field.get_prep_value(value)


def _apply(page: Page, values: dict[str, Any]) -> bool:
    """Set `values` on `page`; True when any differed from what the page had."""
    changed = False
    for name, value in values.items():
        wanted = _prepared(page, name, value)
        if _prepared(page, name, getattr(page, name)) != wanted:
            setattr(page, name, page._meta.get_field(name).to_python(value))
            changed = True
    return changed


def _apply_hours(page: ModulePage, hours: list[tuple[CompetencyDomain, Decimal]]) -> bool:
    current = [(row.domain_id, row.hours) for row in page.competency_hours.all()]
    wanted = [(domain.pk, value) for domain, value in hours]
    if current == wanted:
        return False
    page.competency_hours = [
        ModuleCompetencyHours(domain=domain, hours=value, sort_order=index)
        for index, (domain, value) in enumerate(hours)
    ]
    return True


def _publish_changes(page: Page, values: dict[str, Any], hours=None) -> bool:
    """Publish a new revision of `page` when `values` (and `hours`) differ from its latest
    revision, or when it is not live or has unpublished changes. True when it published.

    Publishes directly, not through the "Clinical review" workflow: this is the demo content's
    import from reviewed files, not an editor's change."""
    # Fresh from the database: publishing saves the tree fields (numchild) of this instance.
    page = type(page).objects.get(pk=page.pk)
    current = page.get_latest_revision_as_object() if page.latest_revision_id else page
    changed = _apply(current, values)
    if hours is not None:
        changed = _apply_hours(current, hours) or changed
    if changed or not page.live or page.has_unpublished_changes:
        current.save_revision().publish()
        return True
    return False


def _create_child(parent: Page, page: Page, values: dict[str, Any], hours=None) -> Page:
    _apply(page, values)
    if hours is not None:
        _apply_hours(page, hours)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _keep_order(parent: Page, pages: list[Page]) -> None:
    """Put `pages` (children of `parent`) in this order, moving pages only when they are not."""
    # Fresh from the database: treebeard trusts an instance's numchild and path, which go stale
    # as children are added through other instances.
    parent = Page.objects.get(pk=parent.pk)
    wanted = [page.pk for page in pages]
    actual = [
        pk
        for pk in Page.objects.child_of(parent).order_by("path").values_list("pk", flat=True)
        if pk in wanted
    ]
    if actual == wanted:
        return
    for page in pages:
        Page.objects.get(pk=page.pk).move(parent, pos="last-child")


def seed_competency_domains(
    locales: dict[str, Locale], source_language: str
) -> dict[tuple[str, str], CompetencyDomain]:
    """The domains of FORMAT.md in every language, by (slug, language); idempotent."""
    domains = {}
    for sort_order, (slug, names) in enumerate(COMPETENCY_DOMAINS.items(), start=1):
        source = CompetencyDomain.objects.filter(slug=slug, locale=locales[source_language]).first()
        for language, locale in locales.items():
            if source is None:
                domain = CompetencyDomain(slug=slug, locale=locale)
            else:
                domain = CompetencyDomain.objects.filter(
                    translation_key=source.translation_key, locale=locale
                ).first() or CompetencyDomain(
                    slug=slug, locale=locale, translation_key=source.translation_key
                )
            name = names.get(language, names[source_language])
            if domain.pk is None or (domain.name, domain.sort_order) != (name, sort_order):
                domain.name, domain.sort_order = name, sort_order
                domain.save()
            if source is None:
                source = domain
            domains[slug, language] = domain
    return domains


def _home_pages(locales: dict[str, Locale], source_language: str) -> dict[str, Page]:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise ImproperlyConfigured(
            "The courses demo needs the site's home page: the cms seed (order 10) makes it."
        )
    root = site.root_page.specific
    homes = {}
    for language, locale in locales.items():
        home = root.get_translation_or_none(locale)
        if home is None:
            raise ImproperlyConfigured(
                f"The home page has no {language!r} translation: the cms seed makes it."
            )
        homes[language] = home
    return homes


def _attach_clinical_review(course: CoursePage) -> None:
    try:
        from cms import api as cms_api

        attach = cms_api.clinical_review_attach
    except (ImportError, AttributeError) as error:
        raise ImproperlyConfigured(
            "courses needs cms.api.clinical_review_attach(page) to put the course under the "
            "'Clinical review' workflow; it is not there yet."
        ) from error
    try:
        attach(course)
    except cms_api.WorkflowMissing as error:
        raise ImproperlyConfigured(
            "The 'Clinical review' workflow does not exist: run `manage.py migrate` first."
        ) from error


def _feature_on_home_pages(courses: list[CoursePage]) -> None:
    from cms import api as cms_api

    feature = getattr(cms_api, "home_page_feature", None)
    if feature is None:
        return
    for course in courses:
        feature(page=course, summary=course.summary)


@transaction.atomic
def seed_courses(*, stdout=None, directory: Path = CURRICULUM_DIR) -> list:
    """Create or update the demo course from `directory`; see the module docstring."""
    curriculum = load_curriculum(directory)
    source = curriculum.source_language
    locales = {
        code: Locale.objects.get_or_create(language_code=code)[0] for code in curriculum.languages
    }
    domains = seed_competency_domains(locales, source)
    homes = _home_pages(locales, source)
    report = SeedReport()

    def hours_for(content: ModuleContent):
        return [
            (domains[slug, content.language], value) for slug, value in content.competency_hours
        ]

    # The source language: the course under the home page, then its modules in order.
    course_content = curriculum.courses[source]
    course = CoursePage.objects.filter(locale=locales[source], slug=course_content.slug).first()
    if course is None:
        course = _create_child(
            homes[source],
            CoursePage(slug=course_content.slug, locale=locales[source]),
            _course_values(course_content),
        )
        report.note(course, True)
    else:
        report.note(course, _publish_changes(course, _course_values(course_content)))
    modules = []
    for by_language in curriculum.modules:
        content = by_language[source]
        module = ModulePage.objects.child_of(course).filter(slug=content.slug).first()
        if module is None:
            module = _create_child(
                course,
                ModulePage(slug=content.slug, locale=locales[source]),
                _module_values(content),
                hours_for(content),
            )
            report.note(module, True)
        else:
            report.note(
                module, _publish_changes(module, _module_values(content), hours_for(content))
            )
        modules.append(module)
    _keep_order(course, modules)

    # Translations: copies of the source pages (same translation_key), filled from their files.
    courses = [course]
    for language, locale in locales.items():
        if language == source:
            continue
        content = curriculum.courses[language]
        translated_course = course.get_translation_or_none(locale)
        if translated_course is None:
            translated_course = course.copy_for_translation(locale)
        report.note(translated_course, _publish_changes(translated_course, _course_values(content)))
        courses.append(translated_course)
        translated_modules = []
        for module, by_language in zip(modules, curriculum.modules, strict=True):
            content = by_language[language]
            translated = module.get_translation_or_none(locale)
            if translated is None:
                translated = module.copy_for_translation(locale)
            published = _publish_changes(translated, _module_values(content), hours_for(content))
            report.note(translated, published)
            translated_modules.append(translated)
        _keep_order(translated_course, translated_modules)

    _attach_clinical_review(course)
    _feature_on_home_pages(courses)

    if stdout is not None:
        total = len(report.published) + report.unchanged
        stdout.write(
            f"Courses: {course.title!r} in {len(locales)} languages, {len(modules)} modules; "
            f"{len(report.published)} of {total} pages published, {report.unchanged} unchanged."
        )
        for notice in curriculum.notices:
            stdout.write(f"  Note: {notice}.")
    return []


DEMO_TRAINEE_EMAIL = "trainee@sebaya.example"
DEMO_MODULES_COMPLETED = 3


@transaction.atomic
def seed_trainee_progress(*, stdout=None, directory: Path = CURRICULUM_DIR) -> list:
    """The demo trainee (from the kernel's seed) is enrolled in the demo course and has completed
    its first three modules, in their own language, through the services (so the events are
    recorded as for a real trainee). Idempotent: modules completed already are left alone."""
    from django.contrib.auth import get_user_model

    from .selectors import course_outlines
    from .services import enrolment_create, module_complete

    trainee = get_user_model().objects.filter(email=DEMO_TRAINEE_EMAIL).first()
    if trainee is None:
        return []
    curriculum = load_curriculum(directory)
    source = curriculum.courses[curriculum.source_language]
    course = CoursePage.objects.filter(
        slug=source.slug, locale__language_code=curriculum.source_language
    ).first()
    if course is None:
        return []
    enrolment_create(user=trainee, course_key=course.translation_key)
    outline = course_outlines(
        course_keys=[course.translation_key], language_code=trainee.preferred_language
    )[course.translation_key]
    completed = set(
        ModuleCompletion.objects.filter(
            user=trainee, module_key__in=outline.module_keys
        ).values_list("module_key", flat=True)
    )
    newly = 0
    for module in outline.modules[:DEMO_MODULES_COMPLETED]:
        if module.key not in completed:
            module_complete(user=trainee, module=module.page)
            newly += 1
    if stdout is not None:
        stdout.write(
            f"Learning: {trainee.email} is enrolled in {course.title!r}, "
            f"{DEMO_MODULES_COMPLETED} modules complete ({newly} new)."
        )
    return []
