"""Forms of signals and cases: they parse and validate input; the rules live in services.py. Choices of people
and pupils are uuids (never database ids); the view maps them back through the selectors."""

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from werkplaats.consent.models import Section

from . import content
from .models import Category, Consultation, EmergencyAccess, Evaluation, Handover, Signal

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
VERSION = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def people_choices(users: Any) -> list[tuple[str, str]]:
    return [(str(user.uuid), str(user)) for user in users]


class SignalForm(forms.Form):
    level = forms.ChoiceField(label=_("Over wie of wat gaat het?"), choices=Signal.Level.choices,
                              widget=forms.RadioSelect, initial=Signal.Level.CHILD)
    pupil = forms.ChoiceField(label=_("Leerling"), required=False,
                              help_text=_("Alleen bij een signaal over één kind."))
    group = forms.ChoiceField(label=_("Groep / klas"), required=False,
                              help_text=_("Alleen bij een signaal over een groep of klas."))
    category = forms.ChoiceField(label=_("Soort zorg"), choices=Category.choices)
    seen_in_school = forms.CharField(
        label=_("Wat ziet u op school?"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Beschrijf wat u ziet en hoort, zo feitelijk mogelijk."),
    )
    seen_outside_school = forms.CharField(
        label=_("Wat is er buiten school bekend?"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld thuis, bij de sportclub of in de wijk."),
    )
    urgency = forms.ChoiceField(label=_("Urgentie"), choices=Signal.Urgency.choices, widget=forms.RadioSelect,
                                initial=Signal.Urgency.NORMAL)

    def __init__(self, *args: Any, pupils: list[tuple[str, str]], groups: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pupil"].choices = [("", _("Kies een leerling")), *pupils]
        self.fields["group"].choices = [("", _("Kies een groep")), *((g, g) for g in groups)]


class UrgentMeetingForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Begint om"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"), input_formats=["%Y-%m-%dT%H:%M"])
    duration_minutes = forms.IntegerField(label=_("Duur in minuten"), min_value=15, max_value=120, initial=30)
    online_url = forms.URLField(label=_("Link naar het online overleg"), assume_scheme="https",
                                help_text=_("Een spoedoverleg is online, vroeg in de ochtend of laat op de middag."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tomorrow = timezone.localtime() + timedelta(days=1)
        self.fields["starts_at"].initial = tomorrow.replace(hour=8, minute=0, second=0, microsecond=0)


class ConsultationForm(forms.Form):
    signals = forms.CharField(label=_("1. %(q)s") % {"q": content.CONSULTATION_QUESTIONS[0]}, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    already_started = forms.CharField(label=_("2. %(q)s") % {"q": content.CONSULTATION_QUESTIONS[1]}, required=False,
                                      widget=forms.Textarea(attrs={"rows": 4}))
    active_members = forms.MultipleChoiceField(
        label=_("4. %(q)s") % {"q": content.CONSULTATION_QUESTIONS[3]}, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    active_role_note = forms.CharField(label=_("Welke rol?"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = VERSION

    def __init__(self, *args: Any, core_team: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["active_members"].choices = core_team


class ContributionForm(forms.Form):
    text = forms.CharField(label=_("Uw bijdrage"), widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Vanuit uw eigen vak: wat zou helpen? Elk lid vult aan."))


class ConcludeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Hoe eindigt de consultatie?"), choices=Consultation.Outcome.choices,
                                widget=forms.RadioSelect)
    advice = forms.CharField(label=_("Advies aan de leerkracht"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    escalation_target = forms.ChoiceField(label=_("Opschalen naar"), required=False)
    reason = forms.CharField(label=_("Reden van opschalen"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, targets: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["escalation_target"].choices = [("", _("Kies")), *targets]


class CaseOpenForm(forms.Form):
    pupils = forms.MultipleChoiceField(
        label=_("Leerlingen"), widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies ook broers en zussen voor een gezinsaanpak: één casus, één plan, één regiehouder."),
    )
    category = forms.ChoiceField(label=_("Soort zorg"), choices=Category.choices)
    coordinator = forms.ChoiceField(
        label=_("Regiehouder"),
        help_text=_("Het vaste aanspreekpunt dat naast de ouders staat. De ouders houden de regie."),
    )
    coordinator_role = forms.CharField(label=_("Rol van de regiehouder in deze casus"), required=False,
                                       max_length=120)

    def __init__(self, *args: Any, pupils: list[tuple[str, str]], people: list[tuple[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pupils"].choices = pupils
        self.fields["coordinator"].choices = [("", _("Kies de regiehouder")), *people]


class MemberForm(forms.Form):
    user = forms.ChoiceField(label=_("Professional"), widget=forms.Select(attrs={"autofocus": True}))
    role_in_case = forms.CharField(label=_("Rol in de casus"), required=False, max_length=120)

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", _("Kies een professional")), *people]


class CoordinatorForm(forms.Form):
    user = forms.ChoiceField(label=_("Nieuwe regiehouder"))

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", _("Kies uit de betrokkenen")), *people]


class StoryForm(forms.Form):
    parents_story = forms.CharField(
        label=_("Het verhaal van de ouders"), required=False, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("In hun eigen woorden: wat zien zij, wat willen zij? Ouders vertellen hun verhaal één keer."),
    )
    pupil_voice = forms.CharField(label=_("In de woorden van de leerling"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    version = VERSION


class PlanStepForm(forms.Form):
    provisional = forms.BooleanField(label=_("Dit zijn voorlopige afspraken"), required=False)
    version = VERSION

    def __init__(self, *args: Any, spec: content.PlanStep, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in spec.questions:
            self.fields[question.key] = forms.CharField(
                label=question.text, required=False, widget=forms.Textarea(attrs={"rows": 4}),
                help_text=question.hint or "")
        self.order_fields([q.key for q in spec.questions] + ["provisional", "version"])
        self.spec = spec

    def answers(self) -> dict[str, str]:
        return {q.key: self.cleaned_data.get(q.key, "") for q in self.spec.questions}


class PlanVersionForm(forms.Form):
    note = forms.CharField(label=_("Wat is er veranderd?"), required=False, max_length=300)


class CaseActionForm(forms.Form):
    description = forms.CharField(label=_("Wat gaat er gebeuren?"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ChoiceField(label=_("Wie doet het?"))
    due_date = forms.DateField(label=_("Uiterlijk klaar op"), widget=DATE)

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Kies een betrokkene")), *people]


class ActionStatusForm(forms.Form):
    to = forms.CharField(widget=forms.HiddenInput)
    version = VERSION


class EvaluationPlanForm(forms.Form):
    planned_on = forms.DateField(label=_("Evaluatie op"), widget=DATE,
                                 help_text=_("De casus komt dan op de agenda van het kernteam."))


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["held_on", "right_agreements", "progress", "progress_note", "add_or_remove", "dissenting_opinions"]
        widgets = {"held_on": DATE, "progress": forms.RadioSelect,
                   "right_agreements": forms.Textarea(attrs={"rows": 3}),
                   "progress_note": forms.Textarea(attrs={"rows": 3}),
                   "add_or_remove": forms.Textarea(attrs={"rows": 3}),
                   "dissenting_opinions": forms.Textarea(attrs={"rows": 3})}
        labels = {"held_on": _("Gehouden op"), "right_agreements": _("Hebben we de goede afspraken gemaakt?"),
                  "progress": _("Maken we stappen richting de gewenste situatie?"),
                  "progress_note": _("Toelichting, naast de gewenste situatie (stap 3)"),
                  "add_or_remove": _("Wat kan erbij? Wat kan eraf?"), "dissenting_opinions": _("Afwijkende meningen")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("held_on", "right_agreements", "progress"):
            self.fields[name].required = True
        self.fields["progress"].choices = Evaluation.Progress.choices
        if not self.instance.held_on:
            self.initial["held_on"] = timezone.localdate()


class EscalationForm(forms.Form):
    to_level = forms.ChoiceField(label=_("Naar"), widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 3}))
    youth_director = forms.ChoiceField(label=_("Jeugdregisseur"), required=False,
                                       help_text=_("Alleen bij specialistische jeugdhulp: die loopt via de "
                                                   "jeugdregisseur."))

    def __init__(self, *args: Any, levels: list[tuple[str, str]], directors: list[tuple[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_level"].choices = [(level or "ipt", label) for level, label in levels]
        self.fields["youth_director"].choices = [("", _("Kies de jeugdregisseur")), *directors]

    def level(self) -> str:
        value = self.cleaned_data["to_level"]
        return "" if value == "ipt" else value


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Waarom wordt de casus afgesloten?"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    to = forms.CharField(widget=forms.HiddenInput)


class HandoverForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort overdracht"), choices=Handover.Kind.choices, widget=forms.RadioSelect)
    to_school = forms.ChoiceField(label=_("Naar school"), required=False)
    to_user = forms.ChoiceField(label=_("Naar professional"), required=False,
                                help_text=_("Alleen bij een overdracht tussen professionals."))
    summary = forms.CharField(label=_("Wat moet de ontvanger weten?"), widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("Wat helpt het kind bij een goede start? Wat werkt, wat niet?"))
    parts = forms.MultipleChoiceField(label=_("Wat gaat er mee uit de casus?"), required=False,
                                      widget=forms.CheckboxSelectMultiple, choices=Section.choices)
    check_in_weeks = forms.IntegerField(label=_("Check-in na hoeveel weken?"), min_value=1, max_value=52, initial=6)
    sender_access_until = forms.DateField(
        label=_("Ik mag de casus nog inzien tot en met"), required=False, widget=DATE,
        help_text=_("Leeg: na aanvaarding houdt u alleen deze overdracht. Alleen wat de wet en de afspraak met "
                    "ouders toestaan."),
    )

    def __init__(self, *args: Any, schools: list[tuple[str, str]], people: list[tuple[str, str]],
                 with_case: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_school"].choices = [("", _("Kies een school")), *schools]
        self.fields["to_user"].choices = [("", _("Kies een professional")), *people]
        if not with_case:
            del self.fields["parts"]
            del self.fields["sender_access_until"]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 3}))


class CheckInForm(forms.Form):
    note = forms.CharField(label=_("Hoe gaat het nu?"), widget=forms.Textarea(attrs={"rows": 4}))


class EmergencyForm(forms.Form):
    reason = forms.CharField(
        label=_("Wat is de acute zorg om de veiligheid?"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Verplicht. De functionaris gegevensbescherming beoordeelt elke noodtoegang."),
    )


class EmergencyReviewForm(forms.Form):
    review = forms.ChoiceField(label=_("Beoordeling"), choices=EmergencyAccess.Review.choices,
                               widget=forms.RadioSelect)
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ProposalAcceptForm(forms.Form):
    description = forms.CharField(label=_("Wat valt op?"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("Leeg: Werkplaats beschrijft het met de aantallen (zonder namen)."))
    offer = forms.CharField(label=_("Groepsaanbod"), widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("Bijvoorbeeld: een groepsaanbod in de klas in plaats van één leerling eruit "
                                        "halen, of lessen over eetpatronen."))
    owner = forms.ChoiceField(label=_("Wie regelt het?"))
    due_date = forms.DateField(label=_("Uiterlijk klaar op"), widget=DATE)

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Kies")), *people]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Zoek in uw signalen en casussen"), max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
                        help_text=_("Woorden uit de tekst, of de naam van een leerling."))
