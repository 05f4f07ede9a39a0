"""The pages that describe the API's problem types (each problem's `type` URI): HTML for people,
JSON for `Accept: application/json`. Plain English, like the API's messages."""

from __future__ import annotations

from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_GET

from .problems import PROBLEM_TYPES, ProblemType, problem_type_uri

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;
line-height:1.5}}code{{background:#f3f3f3;padding:0 .2em}}</style>
</head>
<body>
<main>
<h1>{title}</h1>
<p>Every error of the <a href="{docs}">Sebaya Partner API</a> is an RFC 9457 problem details
object (<code>application/problem+json</code>) whose <code>type</code> is one of these URIs.</p>
<dl>{items}</dl>
<p><a href="{index}">All problem types</a></p>
</main>
</body>
</html>
"""


def _page(title: str, problems: list[ProblemType]) -> HttpResponse:
    items = format_html_join(
        "\n",
        '<dt id="{}"><a href="{}"><code>{}</code></a> — {} (HTTP {})</dt><dd>{}</dd>',
        (
            (
                p.slug,
                reverse("rest:problem", args=[p.slug]),
                p.slug,
                p.title,
                p.status,
                p.description,
            )
            for p in problems
        ),
    )
    html = format_html(
        _PAGE,
        title=title,
        docs=reverse("rest:docs"),
        index=reverse("rest:problems"),
        items=items,
    )
    return HttpResponse(html)


@require_GET
def problem_index(request):
    return _page("Problem types of the Sebaya Partner API", list(PROBLEM_TYPES.values()))


@require_GET
def problem_detail(request, slug: str):
    problem = PROBLEM_TYPES.get(slug)
    if problem is None:
        raise Http404
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(
            {
                "type": problem_type_uri(slug),
                "title": problem.title,
                "status": problem.status,
                "description": problem.description,
            }
        )
    return _page(problem.title, [problem])
