"""Each cms page type can be created only where it belongs."""

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.models import HomePage, StandardPage


class PageTypeRulesTests(WagtailPageTestCase):
    def test_home_page_sits_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_standard_page_sits_under_the_home_page_or_another_standard_page(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(Page, StandardPage)


class StandardPageCreateTests(WagtailPageTestCase):
    def setUp(self):
        self.login()  # a superuser
        root = Page.get_first_root_node()
        self.home = root.add_child(instance=HomePage(title="Home", slug="test-home"))
        Site.objects.filter(is_default_site=True).update(root_page=self.home)

    def test_an_editor_can_create_a_standard_page_with_blocks_in_the_admin(self):
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "About",
                    "slug": "about",
                    "intro": "Who we are.",
                    "body": streamfield(
                        [
                            ("text", rich_text("<h2>Who we are</h2><p>Peers.</p>")),
                            (
                                "callout",
                                {"tone": "tip", "title": "Tip", "text": rich_text("<p>Hi</p>")},
                            ),
                            ("crisis_resources", {"intro": rich_text("")}),
                        ]
                    ),
                }
            ),
        )
        page = StandardPage.objects.get(slug="about")
        assert [block.block_type for block in page.body] == ["text", "callout", "crisis_resources"]

    def test_the_home_page_and_a_standard_page_render(self):
        about = StandardPage(title="About", slug="about", intro="Hello")
        self.home.add_child(instance=about)
        self.assertPageIsRenderable(self.home)
        self.assertPageIsRenderable(about)
