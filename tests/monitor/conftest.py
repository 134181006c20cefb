import datetime

import pytest

from tests.arrangements.builders import enrol, indicate
from tests.factories import SchoolFactory

ON = datetime.date(2026, 3, 2)


@pytest.fixture
def contract_school():
    """The school of the contract's example on 2026-03-02: 212 pupils (1 from Almelo, 180 from Enschede, 28 from
    Haaksbergen, 3 from Hengelo), 31 of them with an active indication: 20 at provider 12345678 (11 referred
    by a GP, 9 by the municipality) and 11 at provider 87654321 (5 by the municipality, 6 by a youth doctor).
    Around it: pupils and indications that must not count."""
    school = SchoolFactory(code="12AB00", name="De Esch")
    enrol(school, 1, home="GM0141")
    enschede = enrol(school, 180, home="GM0153")
    enrol(school, 28, home="GM0158")
    enrol(school, 3, home="GM0164")
    indicate(enschede[0:11], provider="12345678", referrer="huisarts")
    indicate(enschede[11:20], provider="12345678", referrer="gemeente", end=ON)
    indicate(enschede[20:25], provider="87654321", referrer="gemeente", start=ON)
    indicate(enschede[25:31], provider="87654321", referrer="jeugdarts")
    indicate(enschede[31:34], provider="55555555", referrer="gi", end=ON - datetime.timedelta(days=1))  # ended
    indicate(enschede[34:36], provider="55555555", referrer="gi", start=ON + datetime.timedelta(days=1))  # future
    left = enrol(school, 4, home="GM0189", enrolled_until=ON - datetime.timedelta(days=1))
    indicate(left, provider="66666666", referrer="huisarts")
    enrol(school, 2, home="GM0189", enrolled_from=ON + datetime.timedelta(days=1))
    elsewhere = enrol(SchoolFactory(), 6, home="GM0153")
    indicate(elsewhere, provider="77777777", referrer="huisarts")
    return school
