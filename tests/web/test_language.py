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
