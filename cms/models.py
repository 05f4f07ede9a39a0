"""Page types of the site's frame: the home page."""

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    template = "cms/home_page.html"
