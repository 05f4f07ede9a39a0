"""Forms of the public site: the search query."""

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

SEARCH_QUERY_MAX_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=SEARCH_QUERY_MAX_LENGTH, strip=True)

    def clean_q(self) -> str:
        query = self.cleaned_data["q"]
        if any(unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co"} for char in query):
            raise forms.ValidationError(_("Use letters, numbers and punctuation only."))
        return " ".join(query.split())
