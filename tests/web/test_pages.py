"""Every page renders for the right role, and answers 302 (not logged in) or 404 (wrong role) otherwise."""

import uuid

import pytest
from django.test.utils import override_script_prefix
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from tests.factories import EnrolmentFactory, PupilFactory, SchoolFactory, user_with_role
from tests.web.conftest import login
from werkplaats.accounts.models import Role
from werkplaats.audit.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def _registry_urls(region):
    return [
        reverse("organisations:index"),
        reverse("organisations:municipalities"),
        reverse("organisations:partnerships"),
        reverse("organisations:boards"),
        reverse("organisations:schools"),
        reverse("organisations:school", args=[region.school.uuid]),
        reverse("organisations:organisations"),
        reverse("organisations:organisation", args=[region.provider.uuid]),
        reverse("organisations:professionals"),
    ]


def _personal_urls(region):
    return [
        reverse("pupils:list"),
        reverse("pupils:detail", args=[region.pupil_group_4.uuid]),
        reverse("audit:index"),
        reverse("audit:recent"),
        reverse("audit:pupil-log", args=[region.pupil_group_4.uuid]),
    ]


def test_every_page_asks_to_log_in_first(client, region):
    for url in [reverse("core:home"), *_registry_urls(region), *_personal_urls(region)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


def test_registry_pages_render_for_any_role(client, region):
    login(client, region.policy_adviser)
    for url in _registry_urls(region):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b'<html lang="nl"' in response.content


def test_school_page_shows_partners_and_professionals(client, region):
    login(client, region.policy_adviser)
    html = client.get(reverse("organisations:school", args=[region.school.uuid])).content.decode()
    assert "Jeugdhulp Oost" in html
    assert escape(str(region.coordinator)) in html and "intern begeleider" in html
    assert escape(str(region.privacy_officer)) in html


def test_school_list_filters_by_type_and_municipality(client, region):
    login(client, region.policy_adviser)
    url = reverse("organisations:schools")
    html = client.get(url, {"municipality": str(region.other_school.municipality.uuid)}).content.decode()
    assert "De Esch" in html and "De Akker" not in html
    assert "Geen scholen gevonden" in client.get(url, {"type": "VO"}).content.decode()
    partial = client.get(url, {"type": "PO"}, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="resultaten"') and "<html" not in partial


def test_aggregate_roles_never_reach_pupil_pages(client, region):
    for user in (region.policy_adviser, region.functional_admin):
        client.logout()
        login(client, user)
        for url in _personal_urls(region):
            assert client.get(url).status_code == 404, (user, url)


def test_privacy_pages_are_for_the_privacy_officer_only(client, region):
    login(client, region.coordinator)
    for url in _personal_urls(region)[2:]:
        assert client.get(url).status_code == 404, url
    client.logout()
    login(client, region.privacy_officer)
    for url in _personal_urls(region):
        assert client.get(url).status_code == 200, url


def test_teacher_sees_only_own_groups(client, region):
    login(client, region.teacher)
    html = client.get(reverse("pupils:list")).content.decode()
    assert "Twente, Bas" in html
    assert "Hengevelde" not in html and "Oldenkamp" not in html
    assert client.get(reverse("pupils:detail", args=[region.pupil_group_4.uuid])).status_code == 200
    assert client.get(reverse("pupils:detail", args=[region.pupil_group_5.uuid])).status_code == 404


def test_pupil_of_another_school_and_a_missing_pupil_both_404(client, region):
    login(client, region.coordinator)
    assert client.get(reverse("pupils:detail", args=[region.pupil_elsewhere.uuid])).status_code == 404
    assert client.get(reverse("pupils:detail", args=[uuid.uuid4()])).status_code == 404


def test_refused_pupil_view_stays_in_the_access_log(client, region):
    login(client, region.coordinator)
    client.get(reverse("pupils:detail", args=[region.pupil_elsewhere.uuid]))
    assert AccessLogEntry.objects.filter(
        pupil_uuid=region.pupil_elsewhere.uuid, outcome="refused", user_id=region.coordinator.pk
    ).exists()


def test_pupil_page_shows_enrolments_guardians_and_family(client, region):
    login(client, region.coordinator)
    html = client.get(reverse("pupils:detail", args=[region.pupil_group_4.uuid])).content.decode()
    assert "Bas Twente" in html and "groep 4" in html and "Anja Twente" in html
    # Sara is a sister at a school the coordinator does not work for: counted, never named.
    assert "Sara Twente" not in html and "nog 1 broer of zus" in html
    assert "Wie heeft dit ingezien?" not in html


def test_pupil_page_logs_the_pupil_and_each_visible_sibling_for_its_own_purpose(client, region):
    brother = PupilFactory(given_name="Ruben", family_name="Twente", family=region.pupil_group_4.family)
    EnrolmentFactory(pupil=brother, school=region.school, group="groep 7")
    login(client, region.coordinator)
    html = client.get(reverse("pupils:detail", args=[region.pupil_group_4.uuid])).content.decode()
    assert "Ruben Twente" in html and "Sara Twente" not in html and "nog 1 broer of zus" in html
    logged = {
        entry.pupil_uuid: (entry.event_type, entry.purpose, entry.outcome)
        for entry in AccessLogEntry.objects.filter(user_id=region.coordinator.pk)
    }
    assert logged == {
        region.pupil_group_4.uuid: ("pupil.view", "leerlingdossier", "allowed"),
        brother.uuid: ("pupil.view_sibling", "gezinsaanpak", "allowed"),
    }


def test_pupil_list_filters_by_school_and_group_in_the_url(client, region):
    login(client, region.coordinator)
    url = reverse("pupils:list")
    html = client.get(url, {"school": str(region.school.uuid), "group": "groep 5"}).content.decode()
    assert "Hengevelde" in html and "Twente, Bas" not in html


def test_start_page_per_role(client, region):
    expected = {
        "teacher": ["Mijn groepen", "groep 4"],
        "coordinator": ["Scholen waar u werkt", "De Akker"],
        "attendance_officer": ["Leerlingen in uw gemeente", "Hengelo"],
        "policy_adviser": ["nooit namen", reverse("organisations:index")],
        "privacy_officer": ["Inzage in het logboek", reverse("audit:index")],
        "functional_admin": ["Naar het beheer", reverse("admin:index")],
    }
    for role, texts in expected.items():
        client.logout()
        login(client, getattr(region, role))
        response = client.get(reverse("core:home"))
        assert response.status_code == 200
        html = response.content.decode()
        for text in texts:
            assert text in html, (role, text)


def test_start_page_explains_an_empty_state(client, region):
    teacher = user_with_role(Role.TEACHER, school=SchoolFactory(), groups=["groep 8"])
    login(client, teacher)
    assert "Er staan nog geen leerlingen in uw groepen" in client.get(reverse("core:home")).content.decode()


def test_main_menu_shows_only_what_the_role_may_use(client, region):
    def menu(user):
        client.logout()
        login(client, user)
        return [str(item.label) for item in client.get(reverse("core:home")).context["main_menu"]]

    aggregates = ["Monitor", "Arrangementen"]
    pupil_work = ["Leerlingen", "Signalen", "Casussen", "Team & overleg", "Aanwezigheid", *aggregates]
    assert menu(region.teacher) == ["Mijn overzicht", *pupil_work, "Register"]
    assert menu(region.policy_adviser) == ["Mijn overzicht", "Team & overleg", *aggregates, "Register"]
    assert menu(region.privacy_officer) == ["Mijn overzicht", *pupil_work, "Register", "Privacy"]
    assert menu(region.functional_admin) == ["Mijn overzicht", "Team & overleg", *aggregates, "Register", "Beheer"]


def test_main_menu_marks_the_current_item(client, region):
    login(client, region.coordinator)
    menu = client.get(reverse("organisations:schools")).context["main_menu"]
    assert [str(item.label) for item in menu if item.current] == ["Register"]
    menu = client.get(reverse("core:home")).context["main_menu"]
    assert [str(item.label) for item in menu if item.current] == ["Mijn overzicht"]


def test_the_header_as_written_by_its_tags(client, region):
    """The header's tools and menu (written in Python): the language form back to this very page, the user's name
    and the logout form, each form with the CSRF token of the page, the menu with its current item; all escaped."""
    region.coordinator.first_name = "<b>Mia</b>"
    region.coordinator.save()
    login(client, region.coordinator)
    response = client.get(reverse("organisations:schools") + '?q="<x>"&page=1')
    html = response.content.decode()
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    language_form, user_part = html.split('<div class="wp-header__tools">')[1].split("</div>")[0].split("</form>")[:2]
    assert f'action="{reverse("set_language")}"' in language_form and token in language_form
    assert f'name="next" value="{escape(response.wsgi_request.get_full_path())}"' in language_form
    assert "<x>" not in language_form
    assert "<b>Mia</b>" not in html and '<span class="wp-user">&lt;b&gt;Mia&lt;/b&gt;' in user_part
    assert f'action="{reverse("accounts:logout")}"' in user_part and f'value="{token}"' in user_part
    menu = html.split('<nav class="wp-menu" aria-label="Hoofdmenu">')[1].split("</nav>")[0]
    assert (f'<a class="utrecht-nav-list__link wp-menu__link" href="{reverse("organisations:index")}" '
            'aria-current="page">Register</a>') in menu
    assert menu.count("aria-current") == 1 and f'href="{reverse("core:home")}">Mijn overzicht</a>' in menu
    client.logout()
    anonymous = client.get(reverse("accounts:login")).content.decode()
    assert 'class="wp-language"' in anonymous and "wp-user" not in anonymous and "wp-menu" not in anonymous


def test_main_menu_follows_the_script_prefix_of_each_request(client, region):
    """The menu's URLs are reversed once per prefix: a deployment under a sub-path gets its own."""
    login(client, region.coordinator)
    plain = [item.url for item in client.get(reverse("core:home")).context["main_menu"]]
    with override_script_prefix("/werkplaats/"):
        prefixed = [item.url for item in client.get("/").context["main_menu"]]
    assert "/leerlingen/" in plain
    assert prefixed == ["/werkplaats" + url for url in plain]


def test_error_pages_are_dutch_and_without_personal_data(client, region, settings):
    settings.DEBUG = False
    login(client, region.coordinator)
    response = client.get(reverse("pupils:detail", args=[region.pupil_elsewhere.uuid]))
    html = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden" in html and "Oldenkamp" not in html and "Mees" not in html


@pytest.fixture
def language_restored():
    """The locale middleware leaves the last request's language active in this thread: reset it after."""
    yield
    translation.deactivate()


def test_english_is_a_full_translation(client, region, language_restored):
    login(client, region.teacher)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("core:home")).content.decode()
    assert '<html lang="en"' in html
    assert "My overview" in html and "My groups" in html and "Mijn groepen" not in html


def test_server_error_page_renders_without_a_request():
    """Django renders 500.html without context processors: the page must still work, in Dutch."""
    from django.template import loader

    html = loader.get_template("500.html").render({})
    assert "Er ging iets mis" in html and "Uitloggen" not in html
