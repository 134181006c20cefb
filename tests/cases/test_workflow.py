"""Statuses and transitions are data: every allowed transition passes, every other one is refused with a clear
Dutch message — for signals, cases and handovers, and for the escalation steps."""

import itertools

import pytest
from django.core.exceptions import ValidationError

from werkplaats.cases import workflow
from werkplaats.cases.models import Case, EscalationTarget, Handover, Signal

SIGNAL_PAIRS = list(itertools.product(Signal.Status.values, repeat=2))
CASE_PAIRS = list(itertools.product(Case.Status.values, repeat=2))
HANDOVER_PAIRS = list(itertools.product(Handover.Status.values, repeat=2))
LEVELS = [workflow.IPT, *EscalationTarget.values]


def test_every_status_has_a_row():
    assert set(workflow.SIGNAL_TRANSITIONS) == set(Signal.Status.values)
    assert set(workflow.CASE_TRANSITIONS) == set(Case.Status.values)
    assert set(workflow.HANDOVER_TRANSITIONS) == set(Handover.Status.values)
    assert set(workflow.ESCALATION_UP) == set(LEVELS) == set(workflow.ESCALATION_DOWN)


@pytest.mark.parametrize(("current", "target"), SIGNAL_PAIRS)
def test_signal_transitions(current, target):
    if target in workflow.SIGNAL_TRANSITIONS[current]:
        workflow.check_signal_transition(current, target)
    else:
        with pytest.raises(ValidationError) as refused:
            workflow.check_signal_transition(current, target)
        assert refused.value.messages == [
            f"Dit signaal kan niet van ‘{Signal.Status(current).label}’ naar ‘{Signal.Status(target).label}’."]


@pytest.mark.parametrize(("current", "target"), CASE_PAIRS)
def test_case_transitions(current, target):
    if target in workflow.CASE_TRANSITIONS[current]:
        workflow.check_case_transition(current, target)
    else:
        with pytest.raises(ValidationError, match="Deze casus kan niet van"):
            workflow.check_case_transition(current, target)


@pytest.mark.parametrize(("current", "target"), HANDOVER_PAIRS)
def test_handover_transitions(current, target):
    if target in workflow.HANDOVER_TRANSITIONS[current]:
        workflow.check_handover_transition(current, target)
    else:
        with pytest.raises(ValidationError, match="Deze overdracht kan niet van"):
            workflow.check_handover_transition(current, target)


@pytest.mark.parametrize(("current", "target"), list(itertools.product(LEVELS, repeat=2)))
def test_escalation_steps(current, target):
    if target in workflow.ESCALATION_UP[current]:
        assert workflow.escalation_direction(current, target) == "up"
    elif target in workflow.ESCALATION_DOWN[current]:
        assert workflow.escalation_direction(current, target) == "down"
    else:
        with pytest.raises(ValidationError, match="kan niet worden op- of afgeschaald"):
            workflow.escalation_direction(current, target)


def test_up_and_down_never_overlap():
    for level in LEVELS:
        assert not workflow.ESCALATION_UP[level] & workflow.ESCALATION_DOWN[level]
        assert level not in workflow.ESCALATION_UP[level] | workflow.ESCALATION_DOWN[level]


def test_every_escalation_can_come_back_to_the_ipt():
    for level in EscalationTarget.values:
        assert workflow.IPT in workflow.ESCALATION_DOWN[level]


def test_consultation_outcomes_are_allowed_from_open_signals():
    for status in workflow.SIGNAL_OPEN:
        for target in workflow.CONSULTATION_OUTCOME_STATUS.values():
            workflow.check_signal_transition(status, target)
