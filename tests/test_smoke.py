import pytest

from werkplaats.organisations.models import Municipality, Partnership

pytestmark = pytest.mark.django_db


def test_reference_data_loaded_by_migrations():
    assert Municipality.objects.filter(in_region=True).count() == 14
    assert set(Partnership.objects.values_list("code", flat=True)) == {"PO2301", "PO2302", "VO2301", "VO2302"}
