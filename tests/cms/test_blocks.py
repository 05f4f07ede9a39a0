"""Every block of the training library renders accessible HTML and enforces its required fields."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from cms.blocks import (
    BoundaryBlock,
    CalloutBlock,
    ImageBlock,
    KeyPointsBlock,
    KnowledgeCheckBlock,
    PageStreamBlock,
    PitfallBlock,
    ScenarioBlock,
    TextBlock,
    TrainingStreamBlock,
    VideoBlock,
)

FORMAT_TYPES = {
    "text",
    "pitfall",
    "boundary",
    "scenario",
    "key_points",
    "crisis_resources",
    "callout",
    "image",
    "video",
    "knowledge_check",
}

CHECK = {
    "question": "A person says they feel hopeless. What do you do first?",
    "options": [
        {"text": "Tell them it will be fine.", "correct": False, "feedback": "False reassurance."},
        {"text": "Listen and ask how they are.", "correct": True, "feedback": "Yes: listen."},
        {"text": "Give advice.", "correct": False, "feedback": "Fixing takes over."},
    ],
    "explanation": "<p>Listening comes first.</p>",
}


def render(block, data, **context):
    return block.render(block.to_python(data), context=context)


def headings(html):
    return re.findall(r"<h([1-6])", html)


def test_the_stream_blocks_offer_the_format_types():
    assert set(TrainingStreamBlock.base_blocks) == FORMAT_TYPES
    assert set(PageStreamBlock.base_blocks) == {
        "text",
        "callout",
        "crisis_resources",
        "image",
        "video",
        "key_points",
    }


def test_struct_fields_are_the_format_value_keys():
    fields = {
        name: set(block.base_blocks)
        for name, block in TrainingStreamBlock.base_blocks.items()
        if hasattr(block, "child_blocks")
    }
    assert fields["pitfall"] == {"title", "looks_like", "why_it_harms", "instead"}
    assert fields["boundary"] == {"title", "the_line", "why_it_matters", "hold_it_kindly"}
    assert fields["scenario"] == {"title", "vignette", "questions", "model_answer"}
    assert fields["key_points"] == {"title", "points"}
    assert fields["crisis_resources"] == {"intro"}
    assert fields["callout"] == {"tone", "title", "text"}
    assert fields["knowledge_check"] == {"question", "options", "explanation"}


def test_text_renders_its_rich_text():
    html = render(TextBlock(), "<h2>Listening</h2><p>Open <strong>questions</strong>.</p>")
    assert "<h2>Listening</h2>" in html
    assert "<strong>questions</strong>" in html


def test_pitfall_renders_title_as_h2_and_its_parts_as_h3():
    html = render(
        PitfallBlock(),
        {
            "title": "Fixing",
            "looks_like": "<p>Advice at once.</p>",
            "why_it_harms": "<p>Takes over.</p>",
            "instead": "<p>Ask.</p>",
        },
    )
    assert headings(html) == ["2", "3", "3", "3"]
    assert "Fixing" in html and "Advice at once." in html and "Takes over." in html
    assert "<section" in html


def test_boundary_renders_the_line_and_how_to_hold_it():
    html = render(
        BoundaryBlock(),
        {
            "title": "Dual relationships",
            "the_line": "<p>Not friends.</p>",
            "why_it_matters": "<p>Clarity.</p>",
            "hold_it_kindly": "<p>Say so gently.</p>",
        },
    )
    assert headings(html) == ["2", "3", "3", "3"]
    assert "Not friends." in html and "Say so gently." in html


def test_scenario_reveals_the_model_answer_on_request_without_javascript():
    html = render(
        ScenarioBlock(),
        {
            "title": "Weekend",
            "vignette": "<p>Sam asks to meet.</p>",
            "questions": ["What do you say?", "Why?"],
            "model_answer": "<p>Thank them and hold the line.</p>",
        },
    )
    assert "<ol" in html and "What do you say?" in html
    details = re.search(r"<details[^>]*>\s*<summary>.+?</summary>(.+?)</details>", html, re.S)
    assert details and "Thank them and hold the line." in details.group(1)
    assert "<script" not in html


def test_key_points_lists_points_with_a_default_title():
    html = render(KeyPointsBlock(), {"title": "", "points": ["Listen.", "Refer."]})
    assert "<h2>Key points</h2>" in html
    assert html.count("<li>") == 2


def test_callout_names_its_tone_in_words_not_only_colour():
    html = render(CalloutBlock(), {"tone": "warning", "title": "Careful", "text": "<p>Hm.</p>"})
    assert "<aside" in html and "callout--warning" in html
    assert "Warning" in html and "Careful" in html


@pytest.mark.django_db
def test_image_renders_a_responsive_srcset_with_its_alt_text():
    image = Image.objects.create(title="Circle", file=get_test_image_file(size=(1600, 900)))
    html = render(
        ImageBlock(), {"image": image.pk, "alt_text": "Two people talking", "caption": "A talk"}
    )
    assert 'alt="Two people talking"' in html
    assert "srcset=" in html and "sizes=" in html
    assert "<figcaption>A talk</figcaption>" in html


@pytest.mark.django_db
def test_image_without_alt_text_is_rejected():
    image = Image.objects.create(title="Circle", file=get_test_image_file())
    block = ImageBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"image": image.pk, "alt_text": "   ", "caption": ""}))
    assert "alt_text" in error.value.block_errors


@pytest.mark.django_db
def test_video_renders_the_embed_a_link_and_the_transcript():
    url = "https://www.youtube.com/watch?v=sebaya"
    Embed.objects.create(
        hash=get_embed_hash(url),
        url=url,
        html='<iframe title="Sebaya video"></iframe>',
        type="video",
        width=640,
        height=360,
    )
    html = render(VideoBlock(), {"title": "Listening", "video": url, "transcript": "<p>Hello.</p>"})
    assert '<iframe title="Sebaya video">' in html
    assert f'href="{url}"' in html
    assert "Transcript" in html and "Hello." in html


def test_video_without_transcript_is_rejected():
    block = VideoBlock()
    value = block.to_python(
        {"title": "T", "video": "https://example.org/v", "transcript": "<p> </p>"}
    )
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "transcript" in error.value.block_errors


@pytest.mark.parametrize(
    "options",
    [
        [{"text": "Only one", "correct": True, "feedback": "f"}],
        [
            {"text": "A", "correct": False, "feedback": "f"},
            {"text": "B", "correct": False, "feedback": "f"},
        ],
        [
            {"text": "A", "correct": True, "feedback": "f"},
            {"text": "B", "correct": True, "feedback": "f"},
        ],
    ],
    ids=["fewer-than-two-options", "no-correct-option", "two-correct-options"],
)
def test_knowledge_check_needs_two_options_and_exactly_one_correct(options):
    block = KnowledgeCheckBlock()
    value = block.to_python({"question": "Q?", "options": options, "explanation": ""})
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "options" in error.value.block_errors


def test_knowledge_check_is_a_get_form_that_works_without_javascript():
    block = KnowledgeCheckBlock()
    request = RequestFactory().get("/en/module/")
    html = render(block, CHECK, request=request)
    assert '<form method="get"' in html
    assert "<fieldset>" in html and "<legend>" in html
    assert html.count('type="radio"') == 3
    assert 'role="status"' not in html  # no feedback before an answer
    assert "<script" not in html


def test_knowledge_check_shows_the_chosen_options_feedback():
    block = KnowledgeCheckBlock()
    name = block.field_name(block.to_python(CHECK))
    wrong = render(block, CHECK, request=RequestFactory().get("/m/", {name: "0"}))
    assert "Not quite." in wrong and "False reassurance." in wrong
    assert "Listening comes first." in wrong
    right = render(block, CHECK, request=RequestFactory().get("/m/", {name: "1"}))
    assert "right" in right and "Yes: listen." in right
    assert re.search(r'value="1" checked', right)


def test_knowledge_check_ignores_a_tampered_answer():
    block = KnowledgeCheckBlock()
    name = block.field_name(block.to_python(CHECK))
    for bad in ("7", "-1", "x", ""):
        html = render(block, CHECK, request=RequestFactory().get("/m/", {name: bad}))
        assert 'role="status"' not in html


def test_a_valid_knowledge_check_passes_clean():
    block = KnowledgeCheckBlock()
    assert block.clean(block.to_python(CHECK))["question"] == CHECK["question"]


@pytest.mark.parametrize(
    ("block", "data", "missing"),
    [
        (
            PitfallBlock(),
            {"title": "T", "looks_like": "<p>a</p>", "why_it_harms": "<p>b</p>"},
            "instead",
        ),
        (
            BoundaryBlock(),
            {"title": "T", "the_line": "<p>a</p>", "why_it_matters": "<p>b</p>"},
            "hold_it_kindly",
        ),
        (
            ScenarioBlock(),
            {"title": "T", "vignette": "<p>a</p>", "questions": [], "model_answer": "<p>m</p>"},
            "questions",
        ),
        (
            ScenarioBlock(),
            {"title": "T", "vignette": "<p>a</p>", "questions": ["Q?"]},
            "model_answer",
        ),
        (KeyPointsBlock(), {"title": "T", "points": []}, "points"),
        (CalloutBlock(), {"tone": "tip", "title": "T"}, "text"),
        (KnowledgeCheckBlock(), {**CHECK, "question": ""}, "question"),
    ],
    ids=[
        "pitfall",
        "boundary",
        "scenario-questions",
        "scenario-answer",
        "key-points",
        "callout",
        "check",
    ],
)
def test_required_fields_are_enforced(block, data, missing):
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python(data))
    assert missing in error.value.block_errors
