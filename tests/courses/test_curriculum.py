"""The curriculum files are checked against FORMAT.md before anything is written, and a problem
is reported with the file and the item it is in."""

import shutil
from decimal import Decimal

import pytest
import yaml

from courses.curriculum import (
    COMPETENCY_DOMAINS,
    CURRICULUM_DIR,
    CurriculumError,
    load_curriculum,
)


@pytest.fixture
def curriculum_dir(tmp_path):
    """A copy of the course files and its first three modules, to break in each test."""
    for path in CURRICULUM_DIR.glob("*.yaml"):
        if path.name.startswith(("course.", "01-", "02-", "03-")):
            shutil.copy(path, tmp_path / path.name)
    return tmp_path


def edit(directory, name, change):
    path = directory / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def problems(directory) -> list[str]:
    with pytest.raises(CurriculumError) as raised:
        load_curriculum(directory)
    return raised.value.problems


def item_index(directory, name, kind) -> int:
    body = yaml.safe_load((directory / name).read_text(encoding="utf-8"))["body"]
    return next(index for index, item in enumerate(body) if item["type"] == kind)


def test_the_real_curriculum_follows_the_format():
    curriculum = load_curriculum()
    assert set(curriculum.courses) == {"en", "de", "id"}
    assert [module["en"].order for module in curriculum.modules] == list(
        range(1, len(curriculum.modules) + 1)
    )
    for module in curriculum.modules:
        types = {language: content.body_types for language, content in module.items()}
        assert types == dict.fromkeys(("en", "de", "id"), module["en"].body_types)
        assert all(slug in COMPETENCY_DOMAINS for slug, _ in module["en"].competency_hours)
        assert all(Decimal(0) < hours <= 100 for _, hours in module["en"].competency_hours)
        # Block ids are the same in every language, so translations line up item by item.
        assert {item["id"] for item in module["de"].body} == {
            item["id"] for item in module["en"].body
        }


def test_a_copy_loads_without_problems(curriculum_dir):
    curriculum = load_curriculum(curriculum_dir)
    assert [module["en"].slug for module in curriculum.modules] == [
        "what-peer-support-is",
        "boundaries",
        "common-pitfalls",
    ]


def test_an_unknown_item_type_names_the_file_and_the_item(curriculum_dir):
    edit(curriculum_dir, "02-boundaries.en.yaml", lambda data: data["body"][1].update(type="tip"))
    found = problems(curriculum_dir)
    assert any(
        problem.startswith("02-boundaries.en.yaml: body item 2 (tip): unknown type 'tip'")
        for problem in found
    ), found


def test_a_missing_part_of_a_block_names_the_part(curriculum_dir):
    name = "03-common-pitfalls.de.yaml"
    index = item_index(curriculum_dir, name, "pitfall")
    edit(curriculum_dir, name, lambda data: data["body"][index]["value"].pop("instead"))
    assert f"{name}: body item {index + 1} (pitfall) > instead: is missing or empty" in problems(
        curriculum_dir
    )


def test_an_unknown_field_is_reported(curriculum_dir):
    name = "03-common-pitfalls.en.yaml"
    index = item_index(curriculum_dir, name, "pitfall")
    edit(curriculum_dir, name, lambda data: data["body"][index]["value"].update(instaed="<p>x</p>"))
    assert any("unknown field 'instaed'" in problem for problem in problems(curriculum_dir))


def test_tags_outside_the_format_are_refused(curriculum_dir):
    name = "03-common-pitfalls.en.yaml"
    index = item_index(curriculum_dir, name, "pitfall")

    def add_tags(data):
        data["body"][index]["value"]["instead"] = '<h2>Heading</h2><p><a href="/x">link</a></p>'

    edit(curriculum_dir, name, add_tags)
    found = problems(curriculum_dir)
    assert any("<h2> is not allowed here" in problem for problem in found), found
    assert any("<a> is not allowed here" in problem for problem in found), found


def test_plain_text_fields_refuse_html(curriculum_dir):
    edit(
        curriculum_dir,
        "01-what-peer-support-is.id.yaml",
        lambda data: data.update(title="<p>Hi</p>"),
    )
    assert (
        "01-what-peer-support-is.id.yaml: title: is plain text: it must not contain HTML tags"
        in problems(curriculum_dir)
    )


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ({"peer-rol": "0.5"}, "unknown domain"),
        ({"peer-role": "0"}, "must be more than 0 and at most 100"),
        ({"peer-role": "100.5"}, "must be more than 0 and at most 100"),
        ({"peer-role": 0.5}, "quoted decimal"),
        ({"peer-role": "half"}, "is not a decimal number"),
        ({"peer-role": "0.125"}, "more than two decimal places"),
    ],
)
def test_competency_hours_are_checked(curriculum_dir, hours, message):
    for language in ("en", "de", "id"):
        edit(
            curriculum_dir,
            f"01-what-peer-support-is.{language}.yaml",
            lambda data: data.update(competency_hours=hours),
        )
    found = problems(curriculum_dir)
    assert any(
        problem.startswith("01-what-peer-support-is.en.yaml: competency_hours")
        and message in problem
        for problem in found
    ), found


def test_a_translation_with_other_hours_is_refused(curriculum_dir):
    edit(
        curriculum_dir,
        "02-boundaries.de.yaml",
        lambda data: data.update(competency_hours={"ethics-boundaries": "0.75"}),
    )
    assert "02-boundaries.de.yaml: competency_hours: differ from 02-boundaries.en.yaml" in problems(
        curriculum_dir
    )


def test_a_translation_with_another_structure_is_refused(curriculum_dir):
    edit(curriculum_dir, "02-boundaries.id.yaml", lambda data: data["body"].pop(1))
    found = problems(curriculum_dir)
    assert any(problem.startswith("02-boundaries.id.yaml: body: has ") for problem in found), found


def test_a_translation_without_the_content_note_is_refused(curriculum_dir):
    edit(curriculum_dir, "03-common-pitfalls.id.yaml", lambda data: data.update(content_note=None))
    assert (
        "03-common-pitfalls.id.yaml: content_note: is missing (03-common-pitfalls.en.yaml has one)"
        in problems(curriculum_dir)
    )


def test_a_knowledge_check_needs_exactly_one_correct_answer(curriculum_dir):
    name = "01-what-peer-support-is.en.yaml"
    index = item_index(curriculum_dir, name, "knowledge_check")

    def all_correct(data):
        for option in data["body"][index]["value"]["options"]:
            option["correct"] = True

    edit(curriculum_dir, name, all_correct)
    found = problems(curriculum_dir)
    assert any(
        problem.startswith(f"{name}: body item {index + 1} (knowledge_check) > options")
        and "exactly one" in problem
        for problem in found
    ), found


def test_a_translation_with_another_correct_answer_is_refused(curriculum_dir):
    name = "01-what-peer-support-is.de.yaml"
    index = item_index(curriculum_dir, name, "knowledge_check")

    def move_answer(data):
        options = data["body"][index]["value"]["options"]
        correct = next(i for i, option in enumerate(options) if option.get("correct"))
        options[correct]["correct"] = False
        options[(correct + 1) % len(options)]["correct"] = True

    edit(curriculum_dir, name, move_answer)
    assert any(
        problem.startswith(f"{name}: body: knowledge check") for problem in problems(curriculum_dir)
    )


def test_a_missing_translation_file_is_reported(curriculum_dir):
    (curriculum_dir / "02-boundaries.id.yaml").unlink()
    assert "02-boundaries.id.yaml: is missing" in problems(curriculum_dir)


def test_a_module_file_whose_order_disagrees_with_its_name_is_reported(curriculum_dir):
    for language in ("en", "de", "id"):
        edit(curriculum_dir, f"02-boundaries.{language}.yaml", lambda data: data.update(order=5))
    assert "02-boundaries.en.yaml: order: 5 does not match the file name" in problems(
        curriculum_dir
    )


def test_broken_yaml_names_the_file_and_line(curriculum_dir):
    path = curriculum_dir / "course.de.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nsummary: [unclosed\n", encoding="utf-8")
    found = problems(curriculum_dir)
    assert any(
        problem.startswith("course.de.yaml: line ") and "not valid YAML" in problem
        for problem in found
    ), found


def test_every_problem_is_reported_at_once(curriculum_dir):
    edit(curriculum_dir, "01-what-peer-support-is.en.yaml", lambda data: data.update(title=""))
    edit(curriculum_dir, "course.id.yaml", lambda data: data.update(estimated_minutes="soon"))
    found = problems(curriculum_dir)
    assert "01-what-peer-support-is.en.yaml: title: is missing or empty" in found
    assert "course.id.yaml: estimated_minutes: expected a whole number of minutes" in found
    assert "01-what-peer-support-is.en.yaml" in str(CurriculumError(found))
