"""Consent as a record, with the Dutch age rules: under 12 the guardians decide; 12–15 guardians and pupil;
16 and older the pupil alone (age on the day consent is given; asked again at 12 and 16)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from freezegun import freeze_time

from tests.cases.twente import Twente
from tests.factories import GuardianFactory
from werkplaats.audit.models import AccessLogEntry
from werkplaats.consent import policy, services
from werkplaats.consent.models import Consent, GivenBy, Purpose, Section
from werkplaats.consent.selectors import consent_covering, consent_status, places_of

TODAY = timezone.localdate


def record(tw: Twente, pupil, *, by, guardians=(), pupil_agreed=False, given_on=None, **kwargs) -> Consent:
    return services.consent_record(actor=by, pupil=pupil, purpose=kwargs.pop("purpose", Purpose.CASE),
                                   given_on=given_on or TODAY(), guardians=guardians, pupil_agreed=pupil_agreed,
                                   organisations=kwargs.pop("organisations", [tw.jgz]), **kwargs)


class TestAgeRules:
    def test_age_on_the_day(self):
        assert policy.age_on(date(2010, 5, 1), date(2022, 4, 30)) == 11
        assert policy.age_on(date(2010, 5, 1), date(2022, 5, 1)) == 12

    def test_leap_day_birthday(self):
        assert policy.birthday(date(2012, 2, 29), 12) == date(2024, 2, 29)
        assert policy.birthday(date(2012, 2, 29), 13) == date(2025, 3, 1)

    @pytest.mark.parametrize(("age", "deciders"), [(0, GivenBy.GUARDIANS), (11, GivenBy.GUARDIANS),
                                                   (12, GivenBy.GUARDIANS_AND_PUPIL), (15, GivenBy.GUARDIANS_AND_PUPIL),
                                                   (16, GivenBy.PUPIL), (17, GivenBy.PUPIL)])
    def test_deciders(self, age, deciders):
        assert policy.deciders_for(age) == deciders

    def test_reask_date(self):
        assert policy.reask_date(date(2015, 3, 10), date(2020, 1, 1)) == date(2027, 3, 10)
        assert policy.reask_date(date(2010, 3, 10), date(2023, 1, 1)) == date(2026, 3, 10)
        assert policy.reask_date(date(2005, 3, 10), date(2023, 1, 1)) is None


class TestRecord:
    def test_under_12_guardians_decide(self, tw):
        consent = record(tw, tw.bas, by=tw.ib, guardians=[tw.mother])
        assert consent.given_by == GivenBy.GUARDIANS and consent.pupil_age == 7
        assert consent.reask_on == policy.birthday(tw.bas.birth_date, 12)
        assert AccessLogEntry.objects.filter(event_type="consent.record", pupil_uuid=tw.bas.uuid).exists()

    def test_under_12_without_guardian_refused(self, tw):
        with pytest.raises(ValidationError, match="onder de 12 beslissen de ouders"):
            record(tw, tw.bas, by=tw.ib, pupil_agreed=True)

    def test_12_to_15_needs_both(self, tw):
        with pytest.raises(ValidationError, match="én de leerling"):
            record(tw, tw.tina, by=tw.secondary_ib, guardians=[tw.mother])
        with pytest.raises(ValidationError, match="én de leerling"):
            record(tw, tw.tina, by=tw.secondary_ib, pupil_agreed=True)
        consent = record(tw, tw.tina, by=tw.secondary_ib, guardians=[tw.father], pupil_agreed=True)
        assert consent.given_by == GivenBy.GUARDIANS_AND_PUPIL
        assert consent.reask_on == policy.birthday(tw.tina.birth_date, 16)

    def test_16_and_older_the_pupil_alone(self, tw):
        with pytest.raises(ValidationError, match="beslist de leerling zelf"):
            record(tw, tw.lotte, by=tw.mbo_ib, guardians=[tw.mother])
        consent = record(tw, tw.lotte, by=tw.mbo_ib, pupil_agreed=True)
        assert consent.given_by == GivenBy.PUPIL and consent.reask_on is None

    def test_age_on_the_day_it_was_given(self, tw):
        """Given before the 12th birthday: guardians alone were enough, and it ends on the birthday."""
        twelfth = policy.birthday(tw.bas.birth_date, 12)
        with freeze_time(twelfth - timedelta(days=2)):
            consent = record(tw, tw.bas, by=tw.ib, guardians=[tw.mother])
        assert consent.pupil_age == 11
        assert policy.is_valid_on(consent, twelfth - timedelta(days=1))
        assert not policy.is_valid_on(consent, twelfth)
        assert consent_status(consent, twelfth).badge == "warning"

    def test_guardian_without_authority_refused(self, tw):
        stranger = GuardianFactory(has_authority=False)
        stranger.pupils.add(tw.bas)
        with pytest.raises(ValidationError, match="geen gezag"):
            record(tw, tw.bas, by=tw.ib, guardians=[stranger])

    def test_recipient_required(self, tw):
        with pytest.raises(ValidationError, match="aan welke organisaties"):
            record(tw, tw.bas, by=tw.ib, guardians=[tw.mother], organisations=[])

    def test_future_date_refused(self, tw):
        with pytest.raises(ValidationError, match="toekomst"):
            record(tw, tw.bas, by=tw.ib, guardians=[tw.mother], given_on=TODAY() + timedelta(days=1))

    def test_until_before_from_refused(self, tw):
        with pytest.raises(ValidationError):
            record(tw, tw.bas, by=tw.ib, guardians=[tw.mother], valid_until=TODAY() - timedelta(days=1))

    @pytest.mark.parametrize("who", ["teacher", "adviser", "other_ib"])
    def test_who_may_not_record(self, tw, who):
        with pytest.raises(PermissionDenied):
            record(tw, tw.bas, by=getattr(tw, who), guardians=[tw.mother])

    def test_youth_nurse_of_a_partner_may_record(self, tw):
        assert record(tw, tw.bas, by=tw.nurse, guardians=[tw.mother]).recorded_by == tw.nurse


class TestCoverAndWithdraw:
    def test_covers_organisation(self, tw):
        record(tw, tw.bas, by=tw.ib, guardians=[tw.mother], organisations=[tw.jgz])
        assert consent_covering(pupil=tw.bas, purpose=Purpose.CASE, places=places_of(tw.nurse))
        assert consent_covering(pupil=tw.bas, purpose=Purpose.CASE, places=places_of(tw.director)) is None
        assert consent_covering(pupil=tw.bas, purpose=Purpose.HANDOVER, places=places_of(tw.nurse)) is None

    def test_roles_limit_who_within_the_organisation(self, tw):
        record(tw, tw.bas, by=tw.ib, guardians=[tw.mother], organisations=[tw.jgz, tw.gemeente],
               roles=["youth_director"])
        assert consent_covering(pupil=tw.bas, purpose=Purpose.CASE, places=places_of(tw.director))
        assert consent_covering(pupil=tw.bas, purpose=Purpose.CASE, places=places_of(tw.nurse)) is None

    def test_roles_only_cover_that_role_anywhere(self, tw):
        record(tw, tw.bas, by=tw.ib, guardians=[tw.mother], organisations=[], roles=["youth_health"])
        assert consent_covering(pupil=tw.bas, purpose=Purpose.CASE, places=places_of(tw.gp_support))

    def test_period(self, tw):
        consent = record(tw, tw.bas, by=tw.ib, guardians=[tw.mother], valid_until=TODAY() + timedelta(days=10))
        assert policy.is_valid_on(consent, TODAY() + timedelta(days=10))
        assert not policy.is_valid_on(consent, TODAY() + timedelta(days=11))
        assert "geldig tot en met" in consent_status(consent).label

    def test_withdraw_ends_it_at_once(self, tw):
        consent = record(tw, tw.bas, by=tw.ib, guardians=[tw.mother])
        services.consent_withdraw(actor=tw.ib, consent=consent, note="moeder wil het niet meer")
        assert consent_covering(pupil=tw.bas, purpose=Purpose.CASE, places=places_of(tw.nurse)) is None
        consent.refresh_from_db()
        assert consent_status(consent).label.startswith("ingetrokken")
        with pytest.raises(ValidationError, match="al ingetrokken"):
            services.consent_withdraw(actor=tw.ib, consent=consent)

    def test_withdraw_refused_for_teacher(self, tw):
        consent = record(tw, tw.bas, by=tw.ib, guardians=[tw.mother])
        with pytest.raises(PermissionDenied):
            services.consent_withdraw(actor=tw.teacher, consent=consent)

    def test_withheld_sections(self, tw):
        consent = record(tw, tw.bas, by=tw.ib, guardians=[tw.mother], organisations=[tw.jgz, tw.gemeente],
                         withheld_sections=[Section.FAMILY_STORY], withheld_from=[tw.gemeente])
        assert policy.withheld_for(consent, {tw.gemeente.pk}) == {Section.FAMILY_STORY}
        assert policy.withheld_for(consent, {tw.jgz.pk}) == set()

    def test_withheld_from_nobody_named_means_everyone(self, tw):
        consent = record(tw, tw.bas, by=tw.ib, guardians=[tw.mother], withheld_sections=[Section.PLAN])
        assert policy.withheld_for(consent, {tw.jgz.pk}) == {Section.PLAN}

    def test_withheld_from_needs_sections(self, tw):
        with pytest.raises(ValidationError, match="welke onderdelen"):
            record(tw, tw.bas, by=tw.ib, guardians=[tw.mother], withheld_from=[tw.gemeente])
