"""Admin forms of the course page types, and the form of the cohort enrolment action."""

from __future__ import annotations

from django import forms
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


class CohortEnrolForm(forms.Form):
    """The course a coordinator enrols a cohort in: the live courses in the active language,
    chosen by translation key (the enrolment is in every language version)."""

    course = forms.ModelChoiceField(
        queryset=None, label=_("Course"), to_field_name="translation_key", empty_label=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Here, not at import: models.py imports this module for ModulePageForm.
        from .models import CoursePage
        from .selectors import reader_language

        self.fields["course"].queryset = (
            CoursePage.objects.live()
            .filter(locale__language_code=reader_language())
            .order_by("title")
        )
