"""Privacy on screen: no pupil name in a URL or a tab title; the access log and the right-of-access export."""

import json
import re

import pytest
from django.urls import reverse
from django.utils.html import escape
from freezegun import freeze_time

from tests.factories import EnrolmentFactory, PupilFactory
from tests.web.conftest import login
from werkplaats.arrangements.models import Indication, ProductCategory
from werkplaats.audit.models import AccessLogEntry
from werkplaats.audit.services import access_log_write
from werkplaats.pupils.services import bsn_hash

pytestmark = pytest.mark.django_db


def _urls_in(html: str) -> list[str]:
    return re.findall(r'(?:href|action|hx-get)="([^"]*)"', html)


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def test_no_pupil_name_in_any_url_or_tab_title(client, region):
    login(client, region.coordinator)
    pupil = region.pupil_group_4
    names = {pupil.given_name, pupil.family_name}
    pages = [
        client.get(reverse("pupils:list")),
        client.post(reverse("pupils:list"), {"q": "Twente"}),
        client.get(reverse("pupils:detail", args=[pupil.uuid])),
    ]
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        for url in _urls_in(html):
            assert not names & set(re.split(r"[^\w]+", url)), url
        assert not names & set(_title(html).split()), _title(html)
    # The search was sent by POST and found the pupil; the page address stays /leerlingen/.
    assert "Twente, Bas" in pages[1].content.decode()
    assert pages[1].wsgi_request.get_full_path() == reverse("pupils:list")
    assert _title(pages[2].content.decode()).startswith(f"Leerling {pupil.initials}")


def test_next_page_of_a_search_goes_by_post_with_a_cursor(client, region):
    for number in range(55):
        EnrolmentFactory(pupil=PupilFactory(family_name=f"Twentevelde{number:02d}"), school=region.school)
    login(client, region.coordinator)
    first = client.post(reverse("pupils:list"), {"q": "Twente"})
    cursor = first.context["page"].next_cursor
    assert len(first.context["page"].rows) == 50 and cursor
    html = first.content.decode()
    assert f'name="after" value="{cursor}"' in html and 'name="q" value="Twente"' in html
    # The cursor (an enrolment id) travels in the form, never in a link's query (a uuid may contain its digits).
    assert not any("after" in url or cursor in url.partition("?")[2] for url in _urls_in(html))
    second = client.post(reverse("pupils:list"), {"q": "Twente", "after": cursor})
    assert len(second.context["page"].rows) == 6  # 56 hits: Bas Twente and the 55 others
    assert second.context["page"].next_cursor is None


def test_access_log_page_logs_its_own_read(client, region):
    login(client, region.privacy_officer)
    pupil = region.pupil_group_4
    response = client.get(reverse("audit:pupil-log", args=[pupil.uuid]))
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get(event_type="accesslog.view", pupil_uuid=pupil.uuid)
    assert entry.user_id == region.privacy_officer.pk and entry.outcome == "allowed"
    assert "accesslog.view" in response.content.decode()
    assert _title(response.content.decode()).startswith(f"Logboek {pupil.initials}")


def test_access_log_shows_every_field_and_both_times(client, region):
    with freeze_time("2026-03-02 13:30:00"):
        access_log_write(
            user=region.coordinator,
            event_type="pupil.view",
            action="R",
            object_type="pupil",
            object_ids=[(str(region.pupil_group_4.uuid), region.pupil_group_4.uuid)],
            purpose="IPT-overleg",
            authorisation="relatie met de school",
            consent="toestemming ouders tot 1 augustus 2026",
            emergency=True,
        )
    login(client, region.privacy_officer)
    html = client.get(reverse("audit:pupil-log", args=[region.pupil_group_4.uuid])).content.decode()
    for text in (
        "02-03-2026 14:30:00",
        "13:30:00 UTC",
        escape(str(region.coordinator)),
        "intern begeleider",
        "De Akker",
        "pupil.view",
        "R · inzien",
        "toegestaan",
        "IPT-overleg",
        "relatie met de school",
        "toestemming ouders tot 1 augustus 2026",
        "noodtoegang",
    ):
        assert text in html, text


def test_access_log_filters_by_action_and_period(client, region):
    pupil = region.pupil_group_4
    with freeze_time("2026-01-10 10:00:00"):
        access_log_write(
            user=region.coordinator,
            event_type="pupil.update",
            action="U",
            object_type="pupil",
            object_ids=[(str(pupil.uuid), pupil.uuid)],
        )
    with freeze_time("2026-02-10 10:00:00"):
        access_log_write(
            user=region.coordinator,
            event_type="pupil.view",
            action="R",
            object_type="pupil",
            object_ids=[(str(pupil.uuid), pupil.uuid)],
        )
    login(client, region.privacy_officer)
    url = reverse("audit:pupil-log", args=[pupil.uuid])
    updates = client.get(url, {"action": "U"}).context["log"].page.rows
    assert [entry.event_type for entry in updates] == ["pupil.update"]
    february = client.get(url, {"start": "2026-02-01", "end": "2026-02-28"}).context["log"].page.rows
    assert [entry.event_type for entry in february] == ["pupil.view"]
    invalid = client.get(url, {"start": "2026-02-28", "end": "2026-02-01"})
    assert "De einddatum ligt voor de begindatum" in invalid.content.decode()


def test_access_log_paginates_by_keyset_over_post(client, region):
    pupil = region.pupil_group_4
    access_log_write(
        user=region.coordinator,
        event_type="pupil.view",
        action="R",
        object_type="pupil",
        object_ids=[(str(pupil.uuid), pupil.uuid)] * 60,
    )
    login(client, region.privacy_officer)
    url = reverse("audit:pupil-log", args=[pupil.uuid])
    first = client.get(url).context["log"].page
    assert len(first.rows) == 50 and first.next_cursor
    second = client.post(url, {"after": first.next_cursor}).context["log"].page
    assert len(second.rows) == 11  # 60 + the two reads of the log itself, minus the first 50 + 1 own read
    assert not {e.id for e in first.rows} & {e.id for e in second.rows}


def test_access_log_of_a_pupil_without_relationship_is_refused_and_logged(client, region):
    login(client, region.lone_privacy_officer)
    response = client.get(reverse("audit:pupil-log", args=[region.pupil_group_4.uuid]))
    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(
        event_type="accesslog.view", outcome="refused", user_id=region.lone_privacy_officer.pk
    ).exists()


def test_export_contains_the_data_and_the_log_and_is_logged(client, region):
    pupil = region.pupil_group_4
    login(client, region.privacy_officer)
    client.get(reverse("audit:pupil-log", args=[pupil.uuid]))
    url = reverse("audit:pupil-export", args=[pupil.uuid])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="inzage-leerling-{pupil.uuid}.json"'
    data = json.loads(response.content)
    assert data["pupil"]["family_name"] == "Twente" and data["pupil"]["uuid"] == str(pupil.uuid)
    assert [e["group"] for e in data["enrolments"]] == ["groep 4"]
    assert [g["given_name"] for g in data["guardians"]] == ["Anja"]
    assert data["family"]["siblings"] == [str(region.sibling_elsewhere.uuid)]
    assert data["youth_care_indications"] == []
    assert "bsn" not in json.dumps(data["pupil"]).replace("has_bsn_link", "")
    events = [(e["event_type"], e["action"]) for e in data["access_log"]]
    assert ("accesslog.view", "R") in events and ("pupil.export", "E") in events
    export = AccessLogEntry.objects.get(event_type="pupil.export", pupil_uuid=pupil.uuid)
    assert export.action == "E" and export.outcome == "allowed" and export.user_id == region.privacy_officer.pk


def test_export_includes_indications_matched_by_bsn_hash(client, region):
    pupil = region.pupil_group_4
    pupil.bsn_hash = bsn_hash("999999990")
    pupil.save()
    Indication.objects.create(
        bsn_hash=pupil.bsn_hash,
        municipality=pupil.home_municipality,
        provider_code="12345678",
        product=ProductCategory.objects.order_by("code").first(),
        start="2025-09-01",
        referrer="huisarts",
    )
    login(client, region.privacy_officer)
    data = json.loads(client.post(reverse("audit:pupil-export", args=[pupil.uuid])).content)
    assert [i["provider_code"] for i in data["youth_care_indications"]] == ["12345678"]
    assert "999999990" not in json.dumps(data)


def test_export_is_refused_for_other_roles(client, region):
    login(client, region.coordinator)
    assert client.post(reverse("audit:pupil-export", args=[region.pupil_group_4.uuid])).status_code == 404


def test_recent_accesses_show_emergency_accesses_first(client, region):
    pupil = region.pupil_group_5
    with freeze_time("2026-01-05 09:00:00"):
        access_log_write(
            user=region.coordinator,
            event_type="pupil.view",
            action="R",
            object_type="pupil",
            object_ids=[(str(pupil.uuid), pupil.uuid)],
            emergency=True,
        )
    access_log_write(
        user=region.coordinator,
        event_type="pupil.list",
        action="R",
        object_type="pupil",
        object_ids=[(str(pupil.uuid), pupil.uuid)],
    )
    access_log_write(
        user=region.coordinator,
        event_type="pupil.view",
        action="R",
        object_type="pupil",
        object_ids=[(str(region.pupil_elsewhere.uuid), region.pupil_elsewhere.uuid)],
    )
    login(client, region.privacy_officer)
    response = client.get(reverse("audit:recent"))
    log = response.context["log"]
    assert [e.emergency for e in log.emergency] == [True]
    # Only pupils of the officer's schools; the pupil at De Esch is not there.
    assert {e.pupil_uuid for e in log.page.rows} == {pupil.uuid}
    html = response.content.decode()
    assert html.index("Noodtoegang") < html.index("Alle inzage")
    assert AccessLogEntry.objects.filter(event_type="accesslog.view", object_id="recent").count() == 1


def test_pupil_page_links_to_the_access_log_for_the_privacy_officer(client, region):
    login(client, region.privacy_officer)
    html = client.get(reverse("pupils:detail", args=[region.pupil_group_4.uuid])).content.decode()
    assert "Wie heeft dit ingezien?" in html
    assert reverse("audit:pupil-log", args=[region.pupil_group_4.uuid]) in html


def test_privacy_search_goes_by_post(client, region):
    login(client, region.privacy_officer)
    response = client.post(reverse("audit:index"), {"q": "Hengevelde"})
    html = response.content.decode()
    assert "Hengevelde, Lotte" in html
    assert reverse("audit:pupil-log", args=[region.pupil_group_5.uuid]) in html
    assert AccessLogEntry.objects.filter(event_type="pupil.search", user_id=region.privacy_officer.pk).exists()
