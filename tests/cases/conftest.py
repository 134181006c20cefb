import pytest

from .twente import Twente, build_twente


@pytest.fixture
def tw(db) -> Twente:
    return build_twente()
