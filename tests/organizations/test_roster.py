"""The roster (dashboard members table, member page, CSV export): hook columns show data only for
members who consented to the column's scope, a change of consent shows at once, the CSV is safe
to open in a spreadsheet, and the page's query count does not grow with the organisation."""

import csv
import io

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail import hooks

from lms.organizations import api, services
from lms.organizations.models import Membership
from lms.organizations.views import csv_cell

pytestmark = pytest.mark.django_db


class Recorder:
    """A higher app's column: answers for everyone it is asked about *and* for everyone else, so
    the test proves the roster asks only consenting members and drops anything else."""

    def __init__(self, prefix, everyone):
        self.prefix = prefix
        self.everyone = everyone
        self.calls: list[frozenset[int]] = []

    def __call__(self, *, organization_id, user_ids):
        self.calls.append(user_ids)
        return {user_id: f"{self.prefix}-{user_id}" for user_id in self.everyone()}


@pytest.fixture
def columns():
    every_user = lambda: list(Membership.objects.values_list("user_id", flat=True))  # noqa: E731
    progress = Recorder("progress", every_user)
    credentials = Recorder("credential", every_user)

    def register():
        return [
            api.RosterColumn(
                key="test.progress", label="Modules done", scope=api.SCOPE_PROGRESS, values=progress
            ),
            api.RosterColumn(
                key="test.credentials",
                label="Certificates",
                scope=api.SCOPE_CREDENTIALS,
                values=credentials,
            ),
        ]

    with hooks.register_temporarily(api.ROSTER_COLUMNS_HOOK, register):
        yield progress, credentials


@pytest.fixture
def team(harapan, make_member):
    """Harapan's coordinator and member (sharing nothing), plus one supporter per consent."""
    return {
        "both": make_member(
            harapan.organization, "both@example.org", shares_progress=True, shares_credentials=True
        ).user,
        "progress": make_member(
            harapan.organization, "progress@example.org", shares_progress=True
        ).user,
        "credentials": make_member(
            harapan.organization, "credentials@example.org", shares_credentials=True
        ).user,
        "nothing": harapan.member.user,
    }


OUR_LABELS = {"Modules done", "Certificates"}


def cells_by_email(response):
    """{email: {column label: cell text, None when not shared}} of this test's columns, from the
    dashboard's members table (columns registered by higher apps are left out)."""
    rows = {}
    for row in response.context["roster"].rows:
        rows[row.membership.user.email] = {
            column.label: (cell.text if cell.shared else None)
            for column, cell in zip(response.context["roster"].columns, row.cells, strict=True)
            if column.label in OUR_LABELS
        }
    return rows


def csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:])))


def test_hook_columns_are_asked_only_about_consenting_members(harapan, team, columns, as_user):
    progress, credentials = columns

    response = as_user(harapan.coordinator).get("/en/organisations/harapan/")

    assert response.status_code == 200
    assert progress.calls == [frozenset({team["both"].pk, team["progress"].pk})]
    assert credentials.calls == [frozenset({team["both"].pk, team["credentials"].pk})]
    cells = cells_by_email(response)
    assert cells["both@example.org"] == {
        "Modules done": f"progress-{team['both'].pk}",
        "Certificates": f"credential-{team['both'].pk}",
    }
    assert cells["progress@example.org"] == {
        "Modules done": f"progress-{team['progress'].pk}",
        "Certificates": None,
    }
    assert cells["credentials@example.org"] == {
        "Modules done": None,
        "Certificates": f"credential-{team['credentials'].pk}",
    }
    assert cells[team["nothing"].email] == {"Modules done": None, "Certificates": None}
    html = response.content.decode()
    assert f"progress-{team['nothing'].pk}" not in html
    assert f"credential-{team['progress'].pk}" not in html
    assert f"progress-{harapan.coordinator.pk}" not in html
    assert "Not shared" in html


def test_a_change_of_consent_shows_at_once_in_page_and_csv(harapan, team, columns, as_user):
    client = as_user(harapan.coordinator)
    nothing = team["nothing"]
    assert cells_by_email(client.get("/en/organisations/harapan/"))[nothing.email] == {
        "Modules done": None,
        "Certificates": None,
    }

    services.membership_consent_update(
        member=nothing,
        organization=harapan.organization,
        shares_progress=True,
        shares_credentials=False,
    )

    assert cells_by_email(client.get("/en/organisations/harapan/"))[nothing.email] == {
        "Modules done": f"progress-{nothing.pk}",
        "Certificates": None,
    }
    row = {
        r["E-mail address"]: r for r in csv_rows(client.get("/en/organisations/harapan/roster.csv"))
    }[nothing.email]
    assert (row["Modules done"], row["Certificates"]) == (f"progress-{nothing.pk}", "")
    assert (row["Shares progress"], row["Shares credentials"]) == ("yes", "no")

    services.membership_consent_update(
        member=nothing,
        organization=harapan.organization,
        shares_progress=False,
        shares_credentials=False,
    )

    row = {
        r["E-mail address"]: r for r in csv_rows(client.get("/en/organisations/harapan/roster.csv"))
    }[nothing.email]
    assert row["Modules done"] == ""
    assert cells_by_email(client.get("/en/organisations/harapan/"))[nothing.email] == {
        "Modules done": None,
        "Certificates": None,
    }


def test_member_page_shows_hook_data_only_as_consented(harapan, team, columns, as_user):
    client = as_user(harapan.coordinator)

    shared = client.get(f"/en/organisations/harapan/members/{team['progress'].public_id}/")
    hidden = client.get(f"/en/organisations/harapan/members/{team['nothing'].public_id}/")

    assert f"progress-{team['progress'].pk}" in shared.content.decode()
    assert f"credential-{team['progress'].pk}" not in shared.content.decode()
    assert f"progress-{team['nothing'].pk}" not in hidden.content.decode()


def test_csv_export_is_utf8_with_bom_and_lists_members_only(harapan, nord, team, columns, as_user):
    response = as_user(harapan.coordinator).get("/en/organisations/harapan/roster.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="harapan-roster-')
    assert "no-store" in response["Cache-Control"]
    rows = csv_rows(response)
    header = list(rows[0])
    assert header[:7] == [
        "Name",
        "E-mail address",
        "Role",
        "Joined",
        "Shares progress",
        "Shares credentials",
        "Cohorts",
    ]
    # Then the hook columns in hook order (higher apps may have registered more).
    assert header.index("Modules done") < header.index("Certificates")
    emails = sorted(row["E-mail address"] for row in rows)
    assert emails == sorted([harapan.coordinator.email, *(user.email for user in team.values())])
    member = next(row for row in rows if row["E-mail address"] == harapan.member.user.email)
    assert member["Cohorts"] == "Harapan Peer Network cohort"
    assert member["Role"] == "Supporter"
    assert (member["Modules done"], member["Certificates"]) == ("", "")
    assert nord.member.user.email not in str(rows)


def test_csv_headers_and_values_are_translated(harapan, as_user):
    client = as_user(harapan.coordinator)

    rows = csv_rows(client.get("/de/organisations/harapan/roster.csv"))

    assert "E-Mail-Adresse" in rows[0]
    assert {row["Rolle"] for row in rows} >= {"Koordinator:in"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Ayu = friend", "Ayu = friend"),
        ("", ""),
        (None, ""),
    ],
)
def test_csv_cells_cannot_start_a_formula(value, expected):
    assert csv_cell(value) == expected


def test_csv_escapes_names_and_hook_values_that_look_like_formulas(harapan, make_member, as_user):
    evil = make_member(
        harapan.organization,
        "evil@example.org",
        display_name="=cmd|' /C calc'!A0",
        shares_progress=True,
    )
    column = api.RosterColumn(
        key="test.evil",
        label="@label",
        scope=api.SCOPE_PROGRESS,
        values=lambda *, organization_id, user_ids: dict.fromkeys(user_ids, "+1"),
    )
    with transaction.atomic():
        services.cohort_rename(cohort=harapan.cohort, name="-cohort")
        services.cohort_member_add(cohort=harapan.cohort, membership=evil)

    with hooks.register_temporarily(api.ROSTER_COLUMNS_HOOK, lambda: column):
        rows = csv_rows(as_user(harapan.coordinator).get("/en/organisations/harapan/roster.csv"))

    row = next(r for r in rows if r["E-mail address"] == "evil@example.org")
    assert row["Name"] == "'=cmd|' /C calc'!A0"
    assert row["'@label"] == "'+1"
    assert row["Cohorts"] == "'-cohort"


def test_csv_is_built_in_chunks_with_each_chunk_asked_once(harapan, make_member, columns):
    progress, _credentials = columns
    for number in range(7):
        make_member(harapan.organization, f"s{number}@example.org", shares_progress=True)

    from lms.organizations.selectors import roster_in_chunks

    chunks = list(roster_in_chunks(organization=harapan.organization, chunk_size=3))

    assert [len(chunk.rows) for chunk in chunks] == [3, 3, 3]  # 7 supporters + member + coordinator
    assert len(progress.calls) == 3
    assert sum(len(call) for call in progress.calls) == 7


def _grow(organization, make_member, count, start=0):
    for number in range(start, start + count):
        membership = make_member(
            organization,
            f"grow{number}@example.org",
            display_name=f"Grow {number}",
            shares_progress=number % 2 == 0,
            shares_credentials=number % 3 == 0,
        )
        with transaction.atomic():
            cohort = organization.cohorts.first()
            services.cohort_member_add(cohort=cohort, membership=membership)


def test_roster_page_query_count_does_not_grow_with_members(
    harapan, make_member, columns, as_user, django_assert_max_num_queries
):
    client = as_user(harapan.coordinator)
    _grow(harapan.organization, make_member, 3)
    client.get("/en/organisations/harapan/")  # warm caches (site chrome, sessions)

    with CaptureQueriesContext(connection) as small:
        assert client.get("/en/organisations/harapan/").status_code == 200
    _grow(harapan.organization, make_member, 40, start=3)

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/en/organisations/harapan/")

    assert len(response.context["roster"].rows) == 45


def test_csv_query_count_does_not_grow_with_members(
    harapan, make_member, columns, as_user, django_assert_max_num_queries
):
    client = as_user(harapan.coordinator)
    _grow(harapan.organization, make_member, 2)
    with CaptureQueriesContext(connection) as small:
        b"".join(client.get("/en/organisations/harapan/roster.csv").streaming_content)
    _grow(harapan.organization, make_member, 30, start=2)

    with django_assert_max_num_queries(len(small.captured_queries)):
        rows = csv_rows(client.get("/en/organisations/harapan/roster.csv"))

    assert len(rows) == 34


def test_roster_is_paginated_by_100(harapan, as_user):
    from lms.accounts.models import User

    users = User.objects.bulk_create(
        User(email=f"many{number:03}@example.org", display_name=f"Many {number:03}")
        for number in range(99)
    )
    Membership.objects.bulk_create(
        Membership(organization=harapan.organization, user=user) for user in users
    )
    client = as_user(harapan.coordinator)

    first = client.get("/en/organisations/harapan/")
    second = client.get("/en/organisations/harapan/?page=2")

    assert len(first.context["roster"].rows) == 100
    assert len(second.context["roster"].rows) == 1
    assert 'rel="next"' in first.content.decode()
    assert "101 members." in first.content.decode()


def test_a_column_with_an_unknown_scope_is_refused():
    with pytest.raises(ValueError, match="scope"):
        api.RosterColumn(key="x", label="x", scope="health", values=lambda **kw: {})


def test_two_columns_with_one_key_are_refused(harapan, as_user):
    column = api.RosterColumn(
        key="same", label="x", scope=api.SCOPE_PROGRESS, values=lambda **kw: {}
    )
    from lms.organizations.hooks import roster_columns

    with (
        hooks.register_temporarily(api.ROSTER_COLUMNS_HOOK, lambda: [column, column]),
        pytest.raises(ValueError, match="share a key"),
    ):
        roster_columns()
