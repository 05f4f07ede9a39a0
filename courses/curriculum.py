"""Reading and validating the demo curriculum files (courses/demo_content/FORMAT.md).

`load_curriculum()` reads every file, checks it against FORMAT.md and against the blocks of
`cms.blocks.TrainingStreamBlock` (the blocks' own validation included), checks that each
translation has the source's structure, and returns plain data ready to be written to pages. It
writes nothing: a file with a mistake stops the seeding before any page is touched, with a
message that names the file and the item.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from wagtail import blocks

CURRICULUM_DIR = Path(__file__).resolve().parent / "demo_content" / "curriculum"

# The competency domains of FORMAT.md: slug -> name per language, in the order they are listed.
COMPETENCY_DOMAINS: dict[str, dict[str, str]] = {
    "peer-role": {
        "en": "The peer support role",
        "de": "Die Rolle der Peer-Unterstützung",
        "id": "Peran dukungan sebaya",
    },
    "ethics-boundaries": {
        "en": "Ethics and boundaries",
        "de": "Ethik und Grenzen",
        "id": "Etika dan batasan",
    },
    "communication": {
        "en": "Communication and listening",
        "de": "Kommunikation und Zuhören",
        "id": "Komunikasi dan mendengarkan",
    },
    "crisis-safety": {
        "en": "Crisis response and safety",
        "de": "Krisenreaktion und Sicherheit",
        "id": "Respons krisis dan keselamatan",
    },
    "advocacy": {
        "en": "Culture, stigma and advocacy",
        "de": "Kultur, Stigma und Interessenvertretung",
        "id": "Budaya, stigma dan advokasi",
    },
    "wellbeing": {
        "en": "Self-care and wellbeing",
        "de": "Selbstfürsorge und Wohlbefinden",
        "id": "Perawatan diri dan kesejahteraan",
    },
}

# The body item types FORMAT.md defines (the library has more, e.g. images, that need uploads).
FORMAT_ITEM_TYPES = (
    "text",
    "pitfall",
    "boundary",
    "scenario",
    "callout",
    "crisis_resources",
    "knowledge_check",
    "key_points",
)
# FORMAT.md's rich text: these tags, no attributes; narrowed further by each block's features.
FORMAT_RICH_TEXT_TAGS = frozenset({"h2", "h3", "p", "ul", "ol", "li", "strong", "em"})
FEATURE_TAGS = {
    "h2": {"h2"},
    "h3": {"h3"},
    "bold": {"strong"},
    "italic": {"em"},
    "ol": {"ol", "li"},
    "ul": {"ul", "li"},
}
MODULE_MINUTES = (15, 30)
HOURS_MAX = Decimal(100)

COURSE_KEYS = {
    "slug",
    "title",
    "summary",
    "audience",
    "estimated_minutes",
    "learning_outcomes",
    "intro",
}
MODULE_KEYS = {
    "slug",
    "order",
    "title",
    "summary",
    "estimated_minutes",
    "competency_hours",
    "content_note",
    "learning_outcomes",
    "body",
}
MODULE_FILE = re.compile(r"^(?P<order>\d{2})-(?P<slug>[a-z0-9-]+)\.(?P<lang>[a-z-]+)\.yaml$")
COURSE_FILE = re.compile(r"^course\.(?P<lang>[a-z-]+)\.yaml$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TAG_LIKE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")
# Block ids are derived from the module slug and the item's place, so that every language of a
# module has the same ids (translations line up item by item) and re-reading a file yields the
# same ids (seeding again changes nothing).
BLOCK_ID_NAMESPACE = uuid.UUID("6f1d2b1e-5d1c-4a8e-9a51-2c0f5d3e7a10")


class CurriculumError(Exception):
    """One or more curriculum files do not follow FORMAT.md; the message lists every problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:40]
        more = len(problems) - len(shown)
        text = "The demo curriculum has problems (see courses/demo_content/FORMAT.md):\n"
        text += "\n".join(f"  - {problem}" for problem in shown)
        if more:
            text += f"\n  … and {more} more"
        super().__init__(text)


@dataclass(frozen=True)
class CourseContent:
    language: str
    filename: str
    slug: str
    title: str
    summary: str
    audience: str
    estimated_minutes: int
    learning_outcomes: tuple[str, ...]
    intro: str


@dataclass(frozen=True)
class ModuleContent:
    language: str
    filename: str
    slug: str
    order: int
    title: str
    summary: str
    estimated_minutes: int
    competency_hours: tuple[tuple[str, Decimal], ...]  # (domain slug, hours), in file order
    content_note: str
    learning_outcomes: tuple[str, ...]
    body: tuple[dict[str, Any], ...]  # StreamField raw data: {"type", "value", "id"} per item
    body_types: tuple[str, ...]


@dataclass(frozen=True)
class Curriculum:
    source_language: str
    languages: tuple[str, ...]
    courses: dict[str, CourseContent]  # by language
    modules: tuple[dict[str, ModuleContent], ...]  # in order; each by language
    notices: tuple[str, ...] = ()  # worth a writer's look, but not wrong by FORMAT.md


class _Problems:
    """Collects the problems of one file, each prefixed with the file name and the item."""

    def __init__(self, filename: str, sink: list[str]):
        self.filename = filename
        self.sink = sink
        self.count = 0

    def add(self, where: str, message: str) -> None:
        self.count += 1
        self.sink.append(
            f"{self.filename}: {where}: {message}" if where else f"{self.filename}: {message}"
        )


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def _rich_text_tags(block: blocks.RichTextBlock) -> frozenset[str]:
    tags = {"p"}
    for feature in block.features or ():
        tags |= FEATURE_TAGS.get(feature, set())
    return frozenset(tags & FORMAT_RICH_TEXT_TAGS)


def _check_rich_text(value: Any, allowed: frozenset[str], where: str, problems: _Problems) -> str:
    if not isinstance(value, str):
        problems.add(where, f"expected rich text (an HTML string), got {type(value).__name__}")
        return ""
    parser = _TagCollector()
    parser.feed(value)
    parser.close()
    for tag, attrs in parser.tags:
        if tag not in allowed:
            problems.add(
                where,
                f"<{tag}> is not allowed here (allowed: "
                + ", ".join(f"<{name}>" for name in sorted(allowed))
                + ")",
            )
        if attrs:
            problems.add(where, f"<{tag}> must not have attributes")
    if not "".join(parser.text).strip():
        problems.add(where, "is empty")
    return value.strip()


def _check_plain_text(value: Any, where: str, problems: _Problems, *, required: bool = True) -> str:
    if value is None or value == "":
        if required:
            problems.add(where, "is missing or empty")
        return ""
    if not isinstance(value, str):
        problems.add(where, f"expected text, got {type(value).__name__} (quote it in the YAML)")
        return ""
    if TAG_LIKE.search(value):
        problems.add(where, "is plain text: it must not contain HTML tags")
    if not value.strip():
        problems.add(where, "is empty")
    return value.strip()


def block_id(*parts: object) -> str:
    return str(uuid.uuid5(BLOCK_ID_NAMESPACE, "/".join(str(part) for part in parts)))


def _to_raw(block: blocks.Block, value: Any, where: str, id_path: tuple, problems: _Problems):
    """The StreamField raw data for `value` read from YAML, shaped by `block`'s definition."""
    if isinstance(block, blocks.StructBlock):
        if not isinstance(value, dict):
            problems.add(where, f"expected a mapping with {', '.join(block.child_blocks)}")
            return {}
        for key in value:
            if key not in block.child_blocks:
                problems.add(
                    where,
                    f"unknown field {key!r} (expected: {', '.join(block.child_blocks)})",
                )
        raw = {}
        for name, child in block.child_blocks.items():
            child_value = value.get(name)
            if child_value is None or child_value == "":
                if child.required and not isinstance(child, blocks.BooleanBlock):
                    problems.add(f"{where} > {name}", "is missing or empty")
                continue
            raw[name] = _to_raw(child, child_value, f"{where} > {name}", (*id_path, name), problems)
        return raw
    if isinstance(block, blocks.ListBlock):
        if not isinstance(value, list):
            problems.add(where, "expected a list")
            return []
        return [
            {
                "type": "item",
                "value": _to_raw(
                    block.child_block, item, f"{where} {index}", (*id_path, index), problems
                ),
                "id": block_id(*id_path, index),
            }
            for index, item in enumerate(value, start=1)
        ]
    if isinstance(block, blocks.RichTextBlock):
        return _check_rich_text(value, _rich_text_tags(block), where, problems)
    if isinstance(block, blocks.BooleanBlock):
        if not isinstance(value, bool):
            problems.add(where, "expected true or false")
        return bool(value)
    if isinstance(block, blocks.ChoiceBlock):
        if not isinstance(value, str):
            problems.add(where, "expected one of the choices")
        return value
    if isinstance(block, blocks.CharBlock | blocks.TextBlock):
        return _check_plain_text(value, where, problems, required=False)
    problems.add(where, f"{type(block).__name__} cannot be written in a curriculum file")
    return value


def _flatten(error: ValidationError, where: str) -> Iterator[tuple[str, str]]:
    """(where, message) for every message in a (nested) block validation error."""
    block_errors = getattr(error, "block_errors", None)
    non_block_errors = getattr(error, "non_block_errors", None)
    if block_errors is None and non_block_errors is None:
        for message in error.messages:
            yield where, message
        return
    for non_block_error in non_block_errors.as_data() if non_block_errors else []:
        for message in non_block_error.messages:
            yield where, message
    for key, child_error in (block_errors or {}).items():
        label = f"{key + 1}" if isinstance(key, int) else str(key)
        yield from _flatten(child_error, f"{where} > {label}" if where else label)


def body_from_items(
    items: Any, *, stream_block: blocks.StreamBlock, module_slug: str, problems: _Problems
) -> tuple[tuple[dict[str, Any], ...], tuple[str, ...]]:
    """Validate `items` (a module's `body`) and return its raw stream data and item types."""
    if not isinstance(items, list) or not items:
        problems.add("body", "expected a non-empty list of items")
        return (), ()
    raw_items, types = [], []
    before = problems.count
    for index, item in enumerate(items, start=1):
        kind = item.get("type") if isinstance(item, dict) else None
        where = f"body item {index} ({kind})" if kind else f"body item {index}"
        if not isinstance(item, dict) or set(item) - {"type", "value"}:
            problems.add(where, "expected a mapping with only 'type' and 'value'")
            continue
        if kind not in FORMAT_ITEM_TYPES or kind not in stream_block.child_blocks:
            problems.add(where, f"unknown type {kind!r} (expected: {', '.join(FORMAT_ITEM_TYPES)})")
            continue
        raw_value = _to_raw(
            stream_block.child_blocks[kind],
            item.get("value"),
            where,
            (module_slug, index),
            problems,
        )
        raw_items.append({"type": kind, "value": raw_value, "id": block_id(module_slug, index)})
        types.append(kind)
    if problems.count == before:
        # The blocks' own rules (required parts, lengths, exactly one correct answer, ...).
        try:
            stream_block.clean(stream_block.to_python(raw_items))
        except ValidationError as error:
            for where, message in _flatten(error, ""):
                index, _, rest = where.partition(" > ")
                if index.isdigit():
                    kind = raw_items[int(index) - 1]["type"]
                    where = f"body item {index} ({kind})" + (f" > {rest}" if rest else "")
                problems.add(where or "body", message)
    return tuple(raw_items), tuple(types)


def _outcomes(value: Any, problems: _Problems) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        problems.add("learning_outcomes", "expected a non-empty list")
        return ()
    return tuple(
        _check_plain_text(outcome, f"learning outcome {index}", problems)
        for index, outcome in enumerate(value, start=1)
    )


def _minutes(value: Any, problems: _Problems, *, bounds: tuple[int, int] | None) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        problems.add("estimated_minutes", "expected a whole number of minutes")
        return 0
    if bounds and not bounds[0] <= value <= bounds[1]:
        problems.add("estimated_minutes", f"{value} is outside {bounds[0]}-{bounds[1]}")
    return value


def _hours(value: Any, problems: _Problems) -> tuple[tuple[str, Decimal], ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        problems.add("competency_hours", "expected a mapping of domain slug to hours")
        return ()
    result = []
    for slug, raw in value.items():
        where = f"competency_hours > {slug}"
        if slug not in COMPETENCY_DOMAINS:
            problems.add(where, f"unknown domain (expected: {', '.join(COMPETENCY_DOMAINS)})")
            continue
        if isinstance(raw, float):
            problems.add(where, f'write the hours as a quoted decimal, e.g. "{raw}"')
            continue
        try:
            hours = Decimal(str(raw)) if isinstance(raw, str | int) else None
        except InvalidOperation:
            hours = None
        if hours is None or not hours.is_finite():
            problems.add(where, f"{raw!r} is not a decimal number")
            continue
        if not Decimal(0) < hours <= HOURS_MAX:
            problems.add(where, f"{raw} must be more than 0 and at most {HOURS_MAX}")
        if hours.as_tuple().exponent < -2:
            problems.add(where, f"{raw} has more than two decimal places")
        result.append((slug, hours))
    return tuple(result)


def _load_yaml(path: Path, problems: _Problems) -> dict | None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        problems.add(where, f"is not valid YAML ({getattr(error, 'problem', error)})")
        return None
    if not isinstance(data, dict):
        problems.add("", "expected a mapping at the top level")
        return None
    return data


def _check_keys(data: dict, expected: set[str], problems: _Problems) -> None:
    for key in sorted(set(data) - expected):
        problems.add(key, f"unknown field (expected: {', '.join(sorted(expected))})")
    for key in sorted(expected - set(data)):
        problems.add(key, "is missing")


def _slug(value: Any, problems: _Problems) -> str:
    if not isinstance(value, str) or not SLUG.match(value):
        problems.add("slug", f"{value!r} is not a slug (lowercase letters, digits and hyphens)")
        return ""
    return value


def read_course(path: Path, language: str, sink: list[str]) -> CourseContent | None:
    from .models import CoursePage

    problems = _Problems(path.name, sink)
    data = _load_yaml(path, problems)
    if data is None:
        return None
    _check_keys(data, COURSE_KEYS, problems)
    intro_block = blocks.RichTextBlock(features=CoursePage._meta.get_field("intro").features)
    content = CourseContent(
        language=language,
        filename=path.name,
        slug=_slug(data.get("slug"), problems),
        title=_check_plain_text(data.get("title"), "title", problems),
        summary=_check_plain_text(data.get("summary"), "summary", problems),
        audience=_check_plain_text(data.get("audience"), "audience", problems),
        estimated_minutes=_minutes(data.get("estimated_minutes"), problems, bounds=None),
        learning_outcomes=_outcomes(data.get("learning_outcomes"), problems),
        intro=_check_rich_text(data.get("intro"), _rich_text_tags(intro_block), "intro", problems),
    )
    return content if problems.count == 0 else None


def read_module(path: Path, language: str, sink: list[str]) -> ModuleContent | None:
    from .models import ModulePage

    problems = _Problems(path.name, sink)
    data = _load_yaml(path, problems)
    if data is None:
        return None
    _check_keys(data, MODULE_KEYS, problems)
    name = MODULE_FILE.match(path.name)
    slug = _slug(data.get("slug"), problems)
    order = data.get("order")
    if not isinstance(order, int) or isinstance(order, bool) or order < 1:
        problems.add("order", "expected a whole number from 1")
        order = 0
    if name and slug and name["slug"] != slug:
        problems.add("slug", f"{slug!r} does not match the file name")
    if name and order and int(name["order"]) != order:
        problems.add("order", f"{order} does not match the file name")
    content_note = data.get("content_note")
    if content_note is not None:
        content_note = _check_plain_text(content_note, "content_note", problems)
    body, body_types = body_from_items(
        data.get("body"),
        stream_block=ModulePage._meta.get_field("body").stream_block,
        module_slug=slug or path.name,
        problems=problems,
    )
    content = ModuleContent(
        language=language,
        filename=path.name,
        slug=slug,
        order=order,
        title=_check_plain_text(data.get("title"), "title", problems),
        summary=_check_plain_text(data.get("summary"), "summary", problems),
        estimated_minutes=_minutes(data.get("estimated_minutes"), problems, bounds=MODULE_MINUTES),
        competency_hours=_hours(data.get("competency_hours"), problems),
        content_note=content_note or "",
        learning_outcomes=_outcomes(data.get("learning_outcomes"), problems),
        body=body,
        body_types=body_types,
    )
    return content if problems.count == 0 else None


def _knowledge_check_answers(module: ModuleContent) -> list[tuple[int, int]]:
    """(number of options, index of the correct one) of each knowledge check, in order."""
    answers = []
    for item in module.body:
        if item["type"] == "knowledge_check":
            options = item["value"].get("options", [])
            correct = next(
                (i for i, option in enumerate(options) if option["value"].get("correct")), -1
            )
            answers.append((len(options), correct))
    return answers


def _check_translation(source: ModuleContent, translation: ModuleContent, sink: list[str]):
    problems = _Problems(translation.filename, sink)
    origin = source.filename
    if translation.slug != source.slug:
        problems.add("slug", f"{translation.slug!r} differs from {origin} ({source.slug!r})")
    if translation.order != source.order:
        problems.add("order", f"{translation.order} differs from {origin} ({source.order})")
    if dict(translation.competency_hours) != dict(source.competency_hours):
        problems.add("competency_hours", f"differ from {origin}")
    if source.content_note and not translation.content_note:
        problems.add("content_note", f"is missing ({origin} has one)")
    if translation.body_types != source.body_types:
        if len(translation.body_types) != len(source.body_types):
            problems.add(
                "body",
                f"has {len(translation.body_types)} items, {origin} has {len(source.body_types)}",
            )
        for index, (mine, theirs) in enumerate(
            zip(translation.body_types, source.body_types, strict=False), start=1
        ):
            if mine != theirs:
                problems.add(f"body item {index}", f"is a {mine}, in {origin} a {theirs}")
                break
    elif _knowledge_check_answers(translation) != _knowledge_check_answers(source):
        problems.add("body", f"knowledge check options or correct answers differ from {origin}")


def load_curriculum(
    directory: Path = CURRICULUM_DIR,
    *,
    languages: tuple[str, ...] | None = None,
    source_language: str | None = None,
) -> Curriculum:
    """Read and validate every curriculum file in `directory`.

    Raises CurriculumError listing every problem found (file, item, what is wrong) when a file
    is missing, unreadable or does not follow FORMAT.md, or a translation's structure differs
    from the source language's file.
    """
    languages = languages or tuple(code for code, _ in settings.LANGUAGES)
    source_language = source_language or settings.LANGUAGE_CODE
    problems: list[str] = []

    module_paths: dict[tuple[int, str], dict[str, Path]] = {}
    for path in sorted(directory.glob("*.yaml")):
        if COURSE_FILE.match(path.name):
            continue
        match = MODULE_FILE.match(path.name)
        if match is None:
            problems.append(f"{path.name}: is neither course.<lang>.yaml nor NN-<slug>.<lang>.yaml")
            continue
        if match["lang"] not in languages:
            problems.append(f"{path.name}: {match['lang']!r} is not a site language")
            continue
        module_paths.setdefault((int(match["order"]), match["slug"]), {})[match["lang"]] = path

    courses: dict[str, CourseContent] = {}
    for language in languages:
        path = directory / f"course.{language}.yaml"
        if not path.exists():
            problems.append(f"{path.name}: is missing")
            continue
        course = read_course(path, language, problems)
        if course is not None:
            courses[language] = course
    source_course = courses.get(source_language)
    for course in courses.values():
        if source_course and course.slug != source_course.slug:
            problems.append(
                f"{course.filename}: slug: {course.slug!r} differs from {source_course.filename}"
            )

    modules: list[dict[str, ModuleContent]] = []
    orders: dict[int, str] = {}
    for (order, slug), paths in sorted(module_paths.items()):
        if order in orders:
            problems.append(f"{order:02d}-{slug}: module number {order} is also {orders[order]}")
        orders[order] = slug
        by_language: dict[str, ModuleContent] = {}
        for language in languages:
            path = paths.get(language)
            if path is None:
                problems.append(f"{order:02d}-{slug}.{language}.yaml: is missing")
                continue
            module = read_module(path, language, problems)
            if module is not None:
                by_language[language] = module
        source = by_language.get(source_language)
        if source is not None:
            for language, module in by_language.items():
                if language != source_language:
                    _check_translation(source, module, problems)
        modules.append(by_language)
    if not modules:
        problems.append(f"{directory}: has no module files")
    expected_orders = list(range(1, len(orders) + 1))
    if orders and sorted(orders) != expected_orders:
        problems.append(f"module numbers {sorted(orders)} are not 1 to {len(orders)} without gaps")

    if problems:
        raise CurriculumError(problems)
    return Curriculum(
        source_language=source_language,
        languages=languages,
        courses=courses,
        modules=tuple(modules),
        notices=tuple(_notices(courses[source_language], [m[source_language] for m in modules])),
    )


def _notices(course: CourseContent, modules: list[ModuleContent]) -> Iterator[str]:
    """Inconsistencies between numbers that FORMAT.md does not forbid."""
    minutes = sum(module.estimated_minutes for module in modules)
    if minutes != course.estimated_minutes:
        yield (
            f"{course.filename}: estimated_minutes is {course.estimated_minutes}, "
            f"its modules add up to {minutes}"
        )
    for module in modules:
        hours = sum((value for _, value in module.competency_hours), Decimal(0))
        if hours * 60 > module.estimated_minutes:
            yield (
                f"{module.filename}: credits {hours} competency hours for "
                f"{module.estimated_minutes} minutes of study"
            )
