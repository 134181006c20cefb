"""The interface is Dutch unless the user chooses English with the language switch."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_dutch_even_for_an_english_browser_until_english_is_chosen(client):
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="nl"' in page.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="nl")
    assert '<html lang="en"' in page.content.decode()


def test_the_switch_names_each_language_in_itself_and_marks_the_current_one(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<span class="wp-language__current" lang="nl" aria-current="true">Nederlands</span>' in html
    assert 'name="language" value="en" lang="en"' in html and ">English</button>" in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<span class="wp-language__current" lang="en" aria-current="true">English</span>' in html
    assert 'name="language" value="nl" lang="nl"' in html and ">Nederlands</button>" in html
