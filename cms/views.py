"""Public views of the site frame: site search."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .forms import SEARCH_QUERY_MAX_LENGTH, SearchForm
from .selectors import search_pages

RESULTS_PER_PAGE = 10


@require_GET
def search(request):
    """Live, public pages in the reader's language; `?q=` is validated and `?page=` forgiving."""
    form = SearchForm(request.GET)
    query = ""
    results = None
    paginator = None
    if form.is_valid():
        query = form.cleaned_data["q"]
    if query:
        paginator = Paginator(search_pages(query=query), RESULTS_PER_PAGE)
        results = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "cms/search.html",
        {
            "form": form,
            "query": query,
            "results": results,
            "paginator": paginator,
            "max_length": SEARCH_QUERY_MAX_LENGTH,
        },
    )
