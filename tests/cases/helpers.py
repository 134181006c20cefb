"""Building blocks of the cases tests: Bas's story up to an open case."""

from werkplaats.accounts.models import User
from werkplaats.cases import services
from werkplaats.cases.models import Case, Category, Signal
from werkplaats.consent.models import Purpose

from .twente import Twente

BAS_SEEN = ("Bas maakt de laatste tijd veel ruzie met andere kinderen op het schoolplein. Af en toe slaat en "
            "schopt hij klasgenoten.")


def fresh(user: User) -> User:
    """The same user as a new object (a new request): nothing memoised."""
    return User.objects.get(pk=user.pk)


def bas_signal(tw: Twente, by: User | None = None) -> Signal:
    return services.signal_raise(actor=by or tw.teacher, school=tw.school, level=Signal.Level.CHILD,
                                 category=Category.BEHAVIOUR, seen_in_school=BAS_SEEN,
                                 seen_outside_school="Ouders herkennen het thuis niet.", pupil=tw.bas)


def bas_case(tw: Twente, *, coordinator: User | None = None, consent: bool = True) -> Case:
    """The case of Bas with the youth nurse as regiehouder (consent of the parents for GGD Twente)."""
    if consent:
        tw.consent(tw.bas, Purpose.CASE, organisations=[tw.jgz])
    signal = bas_signal(tw)
    return services.case_open(actor=tw.ib, school=tw.school, pupils=[tw.bas], coordinator=coordinator or tw.nurse,
                              category=Category.BEHAVIOUR, signal=signal)
