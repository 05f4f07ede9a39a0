"""Admin forms of the course page types."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class ModulePageForm(WagtailAdminPageForm):
    """The module editor.

    `material_change` describes one change, not the page: it starts unticked whenever an editor
    begins a new change to a published module (the published revision may have it ticked), and
    keeps its value while the change is an unpublished draft.

    Two rows of hours for the same competency domain are refused here rather than by a unique
    constraint: an editor who swaps the domains of two rows would otherwise hit the constraint
    half-way through saving them.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        starting_a_change = page.pk and page.live and not page.has_unpublished_changes
        if starting_a_change and not self.is_bound and "material_change" in self.fields:
            self.initial["material_change"] = False

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("competency_hours")
        if formset is None:
            return cleaned_data
        seen = set()
        for form in formset.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            domain = form.cleaned_data.get("domain")
            if domain is None:
                continue
            if domain.translation_key in seen:
                self.add_error(
                    None,
                    _("“%(domain)s” is listed twice under hours per competency domain.")
                    % {"domain": domain},
                )
            seen.add(domain.translation_key)
        return cleaned_data
