"""Template tags shared by every page: the language switcher."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.inclusion_tag("core/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in every language: the view's own `language_urls` (code → URL, for
    language-neutral pages such as /credentials/<uuid>/?lang=de), else a Wagtail page's own
    translation when there is one, otherwise the same URL under the other language prefix."""
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    translations = dict(context.get("language_urls") or {})
    if not translations and page is not None and hasattr(page, "get_translations"):
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translation.locale.language_code] = translation.get_url(request)
    links = []
    for code, _name in settings.LANGUAGES:
        url = translations.get(code)
        if url is None and request is not None:
            url = translate_url(request.get_full_path(), code)
        info = get_language_info(code)
        links.append(
            {"code": code, "name": info["name_local"], "url": url, "current": code == current}
        )
    return {"links": links}
