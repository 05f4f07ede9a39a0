"""An editor and a clinical reviewer, in the Wagtail admin.

The editor writes a new module of the demo course with a pitfall block and a scenario and submits
it to the Clinical review; the reviewer requests a change; the editor makes it and submits again;
the reviewer approves, which publishes it: the module is live. The editor then creates its German
translation (wagtail-localize's "Translate"), translates it, and the reviewer, who may publish,
publishes it: the German module is live too.
"""

from __future__ import annotations

import re

import polib
import pytest
from playwright.sync_api import Page, expect

from .helpers import navigate, screenshots

pytestmark = pytest.mark.e2e

ADMIN_TIMEOUT = 30_000
COURSE_PATH = "peer-support-foundations"
GERMAN = {
    "Listening without fixing": "Zuhören, ohne zu reparieren",
    "Why a supporter listens first and holds back advice.": (
        "Warum Peer-Begleiter:innen zuerst zuhören und mit Ratschlägen warten."
    ),
    "Rushing to fix": "Vorschnell Lösungen anbieten",
    "What does Ana want from you right now?": "Was möchte Ana gerade von dir?",
}


def admin_login(page: Page, email: str) -> None:
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill("sebaya-demo-2026")
    page.locator("form button[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/admin/login/"))


def course_page_id(page: Page) -> str:
    """The English demo course's page id, from the admin's page search."""
    page.goto(
        "/admin/pages/search/?q=Peer+Support+Foundations&content_type=courses.coursepage&locale=en"
    )
    link = page.locator('main a[href*="/admin/pages/"][href$="/edit/"]').first
    return re.search(r"/admin/pages/(\d+)/edit/", link.get_attribute("href")).group(1)


def module_page_id(page: Page, title: str) -> str:
    page.goto(f"/admin/pages/search/?q={title.replace(' ', '+')}&content_type=courses.modulepage")
    link = page.locator('main a[href*="/admin/pages/"][href$="/edit/"]', has_text=title).first
    return re.search(r"/admin/pages/(\d+)/edit/", link.get_attribute("href")).group(1)


def rich_text(page: Page, index: int, text: str) -> None:
    """Type into the index-th Draftail editor of the form."""
    editor = page.locator(".Draftail-Editor [contenteditable=true]").nth(index)
    editor.click()
    page.keyboard.type(text)


def add_block(page: Page, label: str) -> None:
    """Append a block of the body StreamField, chosen by its label in the block picker."""
    body = page.locator('[data-contentpath="body"]')
    body.locator("button[title='Insert a block'], button.c-sf-add-button").last.click()
    page.get_by_role("option", name=label, exact=True).click()


def translate_with_po_file(page: Page, translations: dict[str, str], folder) -> None:
    """In wagtail-localize's translation editor: download the PO file, translate, upload it (the
    translation workflow README.md describes)."""
    download = page.locator('a[href$="/pofile/download/"]').first.get_attribute("href")
    response = page.request.get(download)
    assert response.ok, response.status
    po = polib.pofile(response.text())
    for entry in po:
        entry.msgstr = translations.get(entry.msgid, "")
    path = folder / "module.de.po"
    po.save(str(path))
    with page.expect_navigation():
        page.locator('input[type="file"][name="file"]').first.set_input_files(str(path))
    expect(page.locator(".messages")).to_contain_text("Successfully imported")
    for translation in translations.values():
        expect(page.locator("main")).to_contain_text(translation)


def action_menu(page: Page, name: str) -> None:
    """Press an action of the editor's footer menu (the main button or one under "More actions")."""
    button = page.locator("footer").get_by_role("button", name=name, exact=True)
    if not button.is_visible():
        page.locator("footer").get_by_role("button", name="More actions").click()
    button.click()


def test_editor_and_reviewer(new_context, server, tmp_path):
    slug = "listening-without-fixing"  # Wagtail makes it from the title
    title = "Listening without fixing"
    editor = new_context().new_page()
    editor.set_default_timeout(ADMIN_TIMEOUT)
    admin_login(editor, "editor@sebaya.example")
    course_id = course_page_id(editor)

    # The editor writes the module.
    editor.goto(f"/admin/pages/add/courses/modulepage/{course_id}/")
    editor.locator("#id_title").fill(title)
    editor.locator("#id_summary").fill("Why a supporter listens first and holds back advice.")
    editor.locator("#id_estimated_minutes").fill("20")
    add_block(editor, "Pitfall")
    editor.locator('input[name="body-0-value-title"]').fill("Rushing to fix")
    rich_text(editor, 0, "Offering solutions before the person has finished speaking.")
    rich_text(editor, 1, "The person feels unheard and the choice is taken from them.")
    rich_text(editor, 2, "Ask what would help; reflect back what you heard.")
    add_block(editor, "Scenario")
    editor.locator('input[name="body-1-value-title"]').fill("Ana's bad week")
    rich_text(editor, 3, "Ana, an invented person, tells you about a hard week at work.")
    editor.locator('textarea[name^="body-1-value-questions-0-value"]').fill(
        "What could you say first?"
    )
    rich_text(editor, 4, "Start by reflecting her feelings, then ask what she wants.")
    screenshots(editor, "admin-module-editor")
    action_menu(editor, "Submit to Clinical review")
    expect(editor.locator(".messages")).to_contain_text(re.compile("submitted|created", re.I))
    module_id = module_page_id(editor, title)

    # The reviewer asks for a change.
    reviewer = new_context().new_page()
    reviewer.set_default_timeout(ADMIN_TIMEOUT)
    admin_login(reviewer, "reviewer@sebaya.example")
    reviewer.goto(f"/admin/pages/{module_id}/edit/")
    screenshots(reviewer, "admin-review")
    action_menu(reviewer, "Request changes")
    dialog = reviewer.get_by_role("dialog")
    dialog.locator("textarea").fill("Please add a question about what Ana wants from you.")
    dialog.get_by_role("button", name="Request changes").click()
    expect(reviewer.locator(".messages")).to_contain_text(f"Page '{title}' has been updated")

    # The editor sees the request, makes the change and submits again.
    editor.goto(f"/admin/pages/{module_id}/edit/")
    expect(editor.locator("body")).to_contain_text("Changes requested")
    editor.locator('textarea[name="body-1-value-questions-0-value"]').wait_for()
    questions = editor.locator("[data-contentpath='body'] [data-contentpath='questions']")
    questions.locator("button[title='Insert a block'], .c-sf-add-button").last.click()
    editor.locator('textarea[name="body-1-value-questions-1-value"]').fill(
        "What does Ana want from you right now?"
    )
    action_menu(editor, "Resubmit to Clinical review")
    expect(editor.locator(".messages")).to_contain_text(title)

    # The reviewer approves: the module is published.
    reviewer.goto(f"/admin/pages/{module_id}/edit/")
    expect(reviewer.locator("body")).to_contain_text("What does Ana want from you right now?")
    action_menu(reviewer, "Approve and Publish")
    expect(reviewer.locator(".messages")).to_contain_text(title)
    public = new_context().new_page()
    public.goto(f"/en/{COURSE_PATH}/{slug}/")
    expect(public.locator("h1")).to_contain_text(title)
    expect(public.locator("main")).to_contain_text("Rushing to fix")
    expect(public.locator("main")).to_contain_text("What does Ana want from you right now?")
    screenshots(public, "editorial-new-module")

    # The editor creates the German translation.
    editor.goto(f"/admin/localize/submit/page/{module_id}/")
    screenshots(editor, "admin-translate")
    editor.get_by_label("German", exact=True).check()
    navigate(
        editor,
        editor.locator('main form input[type="submit"], main form button[type="submit"]').last,
    )
    expect(editor).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    german_id = re.search(r"/admin/pages/(\d+)/edit/", editor.url).group(1)
    assert german_id != module_id
    translate_with_po_file(editor, GERMAN, tmp_path)
    screenshots(editor, "admin-translation-editor")

    # The reviewer publishes the German module.
    reviewer.goto(f"/admin/pages/{german_id}/edit/")
    expect(reviewer.locator("body")).to_contain_text(GERMAN[title])
    publish = reviewer.locator("footer").get_by_role("button", name=re.compile(r"^Publish"))
    navigate(reviewer, publish.first)
    public.goto(f"/de/{COURSE_PATH}/{slug}/")
    expect(public.locator("html")).to_have_attribute("lang", "de")
    expect(public.locator("h1")).to_contain_text(GERMAN[title])
    expect(public.locator("main")).to_contain_text(GERMAN["Rushing to fix"])
    screenshots(public, "editorial-new-module-de")
