"""Builders for schools full of pupils and their indications, shared by the monitor and finance tests."""

import datetime
import itertools

from stdnum.nl import bsn as stdnum_bsn

from tests.factories import municipality
from werkplaats.arrangements.models import Indication
from werkplaats.organisations.models import School
from werkplaats.pupils.models import Enrolment, Pupil
from werkplaats.pupils.services import bsn_hash

_valid_bsns = (f"{n:09d}" for n in itertools.count(100_000_000) if stdnum_bsn.is_valid(f"{n:09d}"))
_pupil_numbers = itertools.count(1)


def next_bsn() -> str:
    """A BSN that passes the 11-test and was not handed out before in this test run."""
    return next(_valid_bsns)


def enrol(school: School, count: int = 1, *, home: str = "GM0153", enrolled_from=datetime.date(2022, 8, 1),
          enrolled_until=None, with_bsn: bool = True) -> list[Pupil]:
    """`count` new pupils living in `home`, enrolled at `school`; each with a BSN unless told otherwise."""
    pupils = Pupil.objects.bulk_create([
        Pupil(given_name="Test", family_name=f"Leerling {index}", birth_date=datetime.date(2016, 5, 1),
              home_municipality=municipality(home), bsn_hash=bsn_hash(next_bsn()) if with_bsn else None)
        for index in range(count)
    ])
    Enrolment.objects.bulk_create([
        Enrolment(pupil=pupil, school=school, pupil_number=str(next(_pupil_numbers)), group="groep 5",
                  enrolled_from=enrolled_from, enrolled_until=enrolled_until)
        for pupil in pupils
    ])
    return pupils


def indicate(pupils: list[Pupil], *, municipality_code: str = "GM0153", provider: str = "12345678",
             referrer: str = "huisarts", product: str = "45", start=datetime.date(2025, 9, 1),
             end=None) -> list[Indication]:
    """One indication for each pupil, linked by BSN hash as the indications import links them."""
    return Indication.objects.bulk_create([
        Indication(bsn_hash=pupil.bsn_hash, municipality=municipality(municipality_code), provider_code=provider,
                   product_id=product, start=start, end=end, referrer=referrer)
        for pupil in pupils
    ])
