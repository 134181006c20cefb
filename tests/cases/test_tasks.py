"""The daily tasks (Celery beat): they take no personal data as arguments and call the services."""

from datetime import timedelta

from django.utils import timezone
from freezegun import freeze_time

from tests.factories import EnrolmentFactory, PupilFactory
from werkplaats.cases import services, tasks
from werkplaats.cases.models import CollectiveProposal, Signal
from werkplaats.consent import policy
from werkplaats.consent.models import Purpose
from werkplaats.teams.models import Notification

from .helpers import bas_case


def test_detect_collective_proposals(tw):
    third = EnrolmentFactory(pupil=PupilFactory(), school=tw.school, group="groep 4").pupil
    for pupil in [tw.bas, tw.classmate, third]:
        services.signal_raise(actor=tw.ib, school=tw.school, level=Signal.Level.CHILD, category="learning",
                              seen_in_school="Leest moeilijk.", pupil=pupil)
    assert tasks.detect_collective_proposals.delay().get() == 1
    assert CollectiveProposal.objects.get().pupil_count == 3


def test_consent_reask_notice(tw):
    consent = tw.consent(tw.bas, Purpose.CASE, organisations=[tw.jgz])
    with freeze_time(consent.reask_on - timedelta(days=30)):
        assert tasks.consents_to_reask.delay().get() == 1
    notice = Notification.objects.get(user=tw.ib, kind=services.NOTIFY_CONSENT)
    assert "wordt dan 12" in notice.message and "Bas" not in notice.message
    assert policy.age_on(tw.bas.birth_date, consent.reask_on) == 12


def test_evaluations_to_agenda_and_check_ins(tw):
    case = bas_case(tw)
    services.evaluation_plan(actor=tw.nurse, case=case, planned_on=timezone.localdate() + timedelta(days=7))
    assert tasks.evaluations_to_agenda.delay().get() == 0  # no meeting yet: the regiehouder and the IB'er are told
    for user in (tw.nurse, tw.ib):
        assert Notification.objects.filter(user=user, kind=services.NOTIFY_CASE,
                                           message__contains="nog niet op een agenda").exists()
    tw.meeting(days=5)
    assert tasks.evaluations_to_agenda.delay().get() == 1
    assert tasks.handover_check_ins.delay().get() == 0
