"""The StreamField block library for peer-support training and the site's standard pages.

Child block names are the `type` values of courses/demo_content/FORMAT.md and each StructBlock's
fields are that format's value keys, so a curriculum file maps onto a stream one to one:

    page.body = [("pitfall", {"title": ..., "looks_like": "<p>...</p>", ...}), ...]

Every block renders through its own template in cms/templates/cms/blocks/: semantic HTML that
works without JavaScript. A block's title is an <h2> and its parts are <h3>, so blocks sit
under the page's <h1> beside the <h2> sections of `text` blocks without skipping a level.

Exports: `TrainingStreamBlock` (every block; course and module pages) and `PageStreamBlock` (the
subset for standard pages).
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

# Rich text: `text` blocks carry the section headings; the parts of other blocks sit under the
# block's own heading, so they get no heading features.
TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]
INLINE_FEATURES = ["bold", "italic", "ol", "ul", "link"]


def _is_blank(value) -> bool:
    """True for None, "", whitespace, and rich text with no visible text (e.g. "<p></p>")."""
    if value is None:
        return True
    source = getattr(value, "source", value)
    return not strip_tags(str(source)).strip()


class TextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "cms/blocks/text.html"


def _rich(*, label, required=True, help_text=None):
    return blocks.RichTextBlock(
        features=INLINE_FEATURES, label=label, required=required, help_text=help_text
    )


class PitfallBlock(blocks.StructBlock):
    """A common pitfall of the supporter role: what it looks like, why it harms, what instead."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    looks_like = _rich(label=_("What it looks like"))
    why_it_harms = _rich(label=_("Why it harms"))
    instead = _rich(label=_("What to do instead"))

    class Meta:
        icon = "warning"
        label = _("Pitfall")
        template = "cms/blocks/pitfall.html"


class BoundaryBlock(blocks.StructBlock):
    """A boundary of the role: where the line is, why it matters, how to hold it kindly."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    the_line = _rich(label=_("The line"))
    why_it_matters = _rich(label=_("Why it matters"))
    hold_it_kindly = _rich(
        label=_("How to hold it kindly"),
        help_text=_("Example words a supporter can say."),
    )

    class Meta:
        icon = "lock"
        label = _("Boundary")
        template = "cms/blocks/boundary.html"


class ScenarioBlock(blocks.StructBlock):
    """A practice scenario with invented people, reflection questions and a model answer that the
    reader reveals when ready (<details>, no JavaScript)."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    vignette = _rich(
        label=_("Situation"), help_text=_("Invented people only: nothing identifies a real person.")
    )
    questions = blocks.ListBlock(
        blocks.TextBlock(label=_("Question")), label=_("Questions for reflection"), min_num=1
    )
    model_answer = _rich(label=_("Model answer"))

    class Meta:
        icon = "group"
        label = _("Scenario")
        template = "cms/blocks/scenario.html"


class KeyPointsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200, required=False)
    points = blocks.ListBlock(blocks.TextBlock(label=_("Point")), label=_("Points"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Key points")
        template = "cms/blocks/key_points.html"


class CrisisResourcesBlock(blocks.StructBlock):
    """The crisis lines of the page's locale, from the site settings (edited in one place, confirmed
    by an operator for their region), after an optional introduction."""

    intro = _rich(label=_("Introduction"), required=False)

    class Meta:
        icon = "help"
        label = _("Crisis resources")
        template = "cms/blocks/crisis_resources.html"

    def get_context(self, value, parent_context=None):
        from .selectors import crisis_lines_for_context  # models import this module

        context = super().get_context(value, parent_context=parent_context)
        context["crisis"] = crisis_lines_for_context(context)
        return context


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        label=_("Tone"),
        choices=[("info", _("Information")), ("tip", _("Tip")), ("warning", _("Warning"))],
        default="info",
    )
    title = blocks.CharBlock(label=_("Title"), max_length=200, required=False)
    text = _rich(label=_("Text"))

    class Meta:
        icon = "info-circle"
        label = _("Callout")
        template = "cms/blocks/callout.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=300,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), max_length=300, required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms/blocks/image.html"

    def clean(self, value):
        if _is_blank(value.get("alt_text")):
            raise StructBlockValidationError(
                block_errors={
                    "alt_text": ValidationError(
                        _("Describe the image for people who cannot see it.")
                    )
                }
            )
        return super().clean(value)


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    video = EmbedBlock(label=_("Video URL"), help_text=_("A YouTube, Vimeo or other oEmbed URL."))
    transcript = blocks.RichTextBlock(
        features=INLINE_FEATURES,
        label=_("Transcript"),
        help_text=_("Everything said and shown, for people who cannot watch or hear the video."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "cms/blocks/video.html"

    def clean(self, value):
        if _is_blank(value.get("transcript")):
            raise StructBlockValidationError(
                block_errors={"transcript": ValidationError(_("A video needs a transcript."))}
            )
        return super().clean(value)


class KnowledgeCheckOptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"), max_length=500)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    feedback = blocks.TextBlock(
        label=_("Feedback"), help_text=_("Why this answer is right or not.")
    )

    class Meta:
        icon = "radio-empty"
        label = _("Option")


class KnowledgeCheckBlock(blocks.StructBlock):
    """An ungraded question. The reader picks an option and submits a GET form (no JavaScript);
    the page comes back with that option's feedback and the explanation. Nothing is stored."""

    question = blocks.TextBlock(label=_("Question"))
    options = blocks.ListBlock(KnowledgeCheckOptionBlock(), label=_("Options"), min_num=2)
    explanation = _rich(label=_("Explanation"), required=False)

    class Meta:
        icon = "help"
        label = _("Knowledge check")
        template = "cms/blocks/knowledge_check.html"

    def clean(self, value):
        options = list(value.get("options") or [])
        if len(options) < 2:
            raise StructBlockValidationError(
                block_errors={
                    "options": ListBlockValidationError(
                        non_block_errors=[ValidationError(_("Give at least two options."))]
                    )
                }
            )
        if sum(1 for option in options if option.get("correct")) != 1:
            raise StructBlockValidationError(
                block_errors={
                    "options": ListBlockValidationError(
                        non_block_errors=[ValidationError(_("Mark exactly one option as correct."))]
                    )
                }
            )
        return super().clean(value)

    @staticmethod
    def field_name(value) -> str:
        """A stable name for this check's form field and anchor (blocks do not know their id)."""
        options = "\x1f".join(str(option.get("text", "")) for option in value.get("options") or [])
        digest = hashlib.sha256(f"{value.get('question', '')}\x1e{options}".encode()).hexdigest()
        return f"kc-{digest[:10]}"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        name = self.field_name(value)
        request = context.get("request")
        chosen = None
        raw = request.GET.get(name) if request is not None else None
        if raw is not None and raw.isdigit():
            index = int(raw)
            if 0 <= index < len(value["options"]):
                chosen = index
        context.update(
            {
                "check_id": name,
                "chosen_index": chosen,
                "chosen": value["options"][chosen] if chosen is not None else None,
            }
        )
        return context


class PageStreamBlock(blocks.StreamBlock):
    """The body of a standard page (about, privacy, crisis resources)."""

    text = TextBlock()
    callout = CalloutBlock()
    crisis_resources = CrisisResourcesBlock()
    image = ImageBlock()
    video = VideoBlock()
    key_points = KeyPointsBlock()


class TrainingStreamBlock(blocks.StreamBlock):
    """The body of course and module pages: every block of the training library."""

    text = TextBlock()
    pitfall = PitfallBlock()
    boundary = BoundaryBlock()
    scenario = ScenarioBlock()
    key_points = KeyPointsBlock()
    crisis_resources = CrisisResourcesBlock()
    callout = CalloutBlock()
    image = ImageBlock()
    video = VideoBlock()
    knowledge_check = KnowledgeCheckBlock()


__all__ = [
    "BoundaryBlock",
    "CalloutBlock",
    "CrisisResourcesBlock",
    "ImageBlock",
    "KeyPointsBlock",
    "KnowledgeCheckBlock",
    "PageStreamBlock",
    "PitfallBlock",
    "ScenarioBlock",
    "TextBlock",
    "TrainingStreamBlock",
    "VideoBlock",
]
