"""Forms of Team & overleg: they parse and validate input; the rules live in services.py."""

import json
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import content
from .models import FORM_LAYERS, Action, AgendaItem, Attendance, Meeting, Stakeholder, Team
from .selectors import user_labels
from .services import ADDABLE_KINDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
VERSION = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class Form(forms.Form):
    """The server validates and says what is wrong; without the `required` attribute browsers do not mark
    every empty field red before anyone typed. Optional fields say "(niet verplicht)" in their label.
    `fields_key`, where a form sets it, is everything its unbound fields depend on besides the language
    (`{% plan_fields %}` writes them once per key)."""

    use_required_attribute = False
    fields_key: tuple[Any, ...] | None = None


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


class _UserChoiceIterator(forms.models.ModelChoiceIterator):
    """The people of the queryset, labelled with where they work: the places of all read in one query."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        users = list(self.queryset)
        labels = user_labels(users)
        for user in users:
            yield (forms.models.ModelChoiceIteratorValue(self.field.prepare_value(user), user), labels[user.pk])


class UserChoiceField(forms.ModelChoiceField):
    iterator = _UserChoiceIterator

    def label_from_instance(self, obj: Any) -> str:
        return user_labels([obj])[obj.pk]


def _layer_choices(team: Team, *, blank: str | None = None) -> list[tuple[str, str]]:
    choices = [(layer, Team.Layer(layer).label) for layer in FORM_LAYERS[team.form]]
    return [("", blank), *choices] if blank is not None else choices


class TeamForm(forms.ModelForm):
    use_required_attribute = False

    class Meta:
        model = Team
        fields = ["form", "cadence_core", "cadence_wider", "cadence_steering"]
        widgets = {"form": forms.RadioSelect}
        help_texts = {
            "form": _(
                "Kernteam: onderwijs, jeugdhulp en gemeente. Breder team: alle betrokkenen, minder vaak. "
                "Stuurgroep: het management van de betrokken organisaties, dat sturing geeft aan het geheel."
            ),
        }


class StakeholderForm(forms.ModelForm):
    """Step one: who is involved around this school (internal and external, including managers)."""

    use_required_attribute = False

    class Meta:
        model = Stakeholder
        fields = [
            "name",
            "function",
            "organisation",
            "user",
            "email",
            "phone",
            "is_manager",
            "is_contact_person",
            "layer",
        ]
        labels = {"user": _("Account in Werkplaats")}
        help_texts = {
            "name": _("Leeg laten als u hieronder een account kiest: dan nemen we die naam over."),
            "user": _("Nodig om mee te doen in Werkplaats (agenda, verslag, acties)."),
        }

    def __init__(self, *args: Any, team: Team, people: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = _("De school zelf (%(school)s)") % {"school": team.school.name}
        self.fields["user"] = UserChoiceField(
            queryset=people,
            required=False,
            label=_("Account in Werkplaats"),
            help_text=self.Meta.help_texts["user"],
            empty_label=_("Geen account"),
        )
        self.fields["layer"] = forms.ChoiceField(
            label=_("Laag"),
            required=False,
            choices=_layer_choices(team, blank=_("Geen laag: betrokken rond de school")),
            help_text=_("U kunt de lagen ook later kiezen, voor iedereen tegelijk."),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("name") and not data.get("user"):
            self.add_error("name", _("Vul een naam in of kies een account."))
        return data


class LayersForm(Form):
    """Step two: choose who sits in which layer."""

    def __init__(self, *args: Any, team: Team, stakeholders: list[Stakeholder], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stakeholders = stakeholders
        choices = _layer_choices(team, blank=_("Geen laag (betrokken)"))
        for stakeholder in stakeholders:
            where = stakeholder.organisation.name if stakeholder.organisation_id else team.school.name
            self.fields[str(stakeholder.uuid)] = forms.ChoiceField(
                label=f"{stakeholder.name} — {stakeholder.function}, {where}",
                choices=choices,
                required=False,
                initial=stakeholder.layer,
            )

    def layers(self) -> dict[Any, str]:
        return {s.uuid: self.cleaned_data[str(s.uuid)] for s in self.stakeholders}


class MeetingForm(Form):
    prefix = "los"
    layer = forms.ChoiceField(label=_("Laag"))
    day = forms.DateField(label=_("Datum"), widget=DATE)
    start = forms.TimeField(label=_("Begintijd"), widget=TIME)
    end = forms.TimeField(label=_("Eindtijd"), widget=TIME)
    location = forms.CharField(label=_("Locatie"), max_length=200, required=False)
    online_url = forms.URLField(label=_("Link naar het online overleg"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["layer"].choices = _layer_choices(team)
        self.fields_key = (team.form,)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error(
                "end",
                _("De eindtijd ligt voor de begintijd. Kies een eindtijd na %(start)s.")
                % {"start": data["start"].strftime("%H:%M")},
            )
        if data.get("day") and data.get("start") and data.get("end") and not self.errors:
            data["starts_at"] = _aware(data["day"], data["start"])
            data["ends_at"] = _aware(data["day"], data["end"])
        return data


class MeetingSeriesForm(Form):
    prefix = "reeks"
    layer = forms.ChoiceField(label=_("Laag"))
    count = forms.IntegerField(
        label=_("Aantal overleggen"),
        min_value=1,
        max_value=20,
        help_text=_("Voor de rest van dit schooljaar, gelijk verdeeld."),
    )
    day = forms.DateField(label=_("Datum van het eerste overleg"), widget=DATE)
    start = forms.TimeField(label=_("Begintijd"), widget=TIME)
    duration = forms.IntegerField(label=_("Duur in minuten"), min_value=15, max_value=480, initial=90)
    location = forms.CharField(label=_("Locatie"), max_length=200, required=False)
    online_url = forms.URLField(label=_("Link naar het online overleg"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, team: Team, layer: str = "", **kwargs: Any) -> None:
        """The number of meetings starts at the cadence of the chosen layer (`layer`, e.g. from the page's
        ?laag= parameter; else the first layer). The layer list carries every layer's cadence, so a small script
        (teams/series.js) follows a change of layer in the browser."""
        super().__init__(*args, **kwargs)
        choices = _layer_choices(team)
        cadence = {value: getattr(team, f"cadence_{value}") for value, _label in choices}
        chosen = layer if layer in cadence else choices[0][0]
        self.fields["layer"].choices = choices
        self.fields["layer"].initial = chosen
        self.fields["layer"].widget.attrs["data-cadence"] = json.dumps(cadence)
        self.fields["count"].initial = cadence[chosen]
        self.fields_key = (team.form, tuple(cadence.items()), chosen)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("day") and data.get("start"):
            data["first_starts_at"] = _aware(data["day"], data["start"])
        return data


class UrgentMeetingForm(Form):
    prefix = "spoed"
    fields_key = ()
    day = forms.DateField(label=_("Datum"), widget=DATE)
    start = forms.TimeField(
        label=_("Begintijd"), widget=TIME, help_text=_("Bijvoorbeeld vroeg in de ochtend of laat op de middag.")
    )
    duration = forms.IntegerField(label=_("Duur in minuten"), min_value=10, max_value=240, initial=30)
    online_url = forms.URLField(
        label=_("Link naar het online overleg"),
        assume_scheme="https",
        help_text=_("Een spoedoverleg is altijd online."),
        error_messages={"required": _("Vul de link naar het online overleg in, bijvoorbeeld van Teams of Jitsi.")},
    )
    reason = forms.CharField(
        label=_("Aanleiding"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=Meeting._meta.get_field("reason").help_text,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("day") and data.get("start"):
            data["starts_at"] = _aware(data["day"], data["start"])
        return data


class AgendaItemForm(Form):
    prefix = "punt"
    kind = forms.ChoiceField(label=_("Onderwerp"))
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        required=False,
        help_text=_("Verplicht bij een vrij agendapunt. Geen namen van leerlingen in de titel."),
    )
    preparation = forms.CharField(label=_("Voorbereiding"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    shared_with_guests = forms.BooleanField(label=_("Zichtbaar voor de gast op de lege stoel"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, AgendaItem.Kind(kind).label) for kind in ADDABLE_KINDS]


class PreparationForm(Form):
    preparation = forms.CharField(
        label=_("Voorbereiding"), required=False, widget=forms.Textarea(attrs={"rows": 6, "autofocus": True})
    )
    version = VERSION


class MinutesForm(Form):
    minutes = forms.CharField(
        label=_("Verslag"), required=False, widget=forms.Textarea(attrs={"rows": 8, "autofocus": True})
    )
    version = VERSION


class GuestForm(Form):
    user = UserChoiceField(queryset=None, label=_("Gast"), empty_label=_("Kies een persoon"))
    purpose = forms.CharField(
        label=_("Doel van de uitnodiging"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat wilt u samen met de gast bespreken? Zonder namen van leerlingen."),
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates


class AttendanceForm(Form):
    def __init__(self, *args: Any, rows: list[tuple[Stakeholder, Attendance | None]], guests: list, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.guests = guests
        for stakeholder, attendance in rows:
            key = str(stakeholder.uuid)
            self.fields[f"status-{key}"] = forms.ChoiceField(
                label=f"{stakeholder.name} ({stakeholder.function})",
                choices=Attendance.Status.choices,
                initial=attendance.status if attendance else Attendance.Status.PRESENT,
                widget=forms.RadioSelect,
            )
            self.fields[f"substitute-{key}"] = forms.CharField(
                label=_("Vervanger van %(name)s") % {"name": stakeholder.name},
                required=False,
                max_length=200,
                initial=attendance.substitute if attendance else "",
                help_text=_("Alleen bij ‘vervangen’: naam en functie."),
            )
        for guest in guests:
            self.fields[f"guest-{guest.uuid}"] = forms.BooleanField(
                label=_("%(name)s (gast) was aanwezig") % {"name": guest.user},
                required=False,
                initial=bool(guest.attended),
            )

    def field_pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"status-{s.uuid}"], self[f"substitute-{s.uuid}"]) for s, _ in self.rows]

    def guest_fields(self) -> list[forms.BoundField]:
        return [self[f"guest-{guest.uuid}"] for guest in self.guests]


class DecisionForm(Form):
    prefix = "besluit"
    agenda_item = forms.ChoiceField(label=_("Bij agendapunt"), required=False)
    text = forms.CharField(label=_("Besluit"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, items: list[AgendaItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = {str(item.uuid): item for item in items}
        self.fields["agenda_item"].choices = [("", _("Algemeen")), *((str(i.uuid), str(i)) for i in items)]

    def clean_agenda_item(self) -> AgendaItem | None:
        return self.items.get(self.cleaned_data["agenda_item"])


class ActionForm(DecisionForm):
    prefix = "actie"
    text = None
    description = forms.CharField(
        label=_("Actie"), widget=forms.Textarea(attrs={"rows": 2}), help_text=_("Wie doet wat? Kort en concreet.")
    )
    owner = UserChoiceField(queryset=None, label=_("Eigenaar"), empty_label=_("Kies een persoon"))
    due_date = forms.DateField(label=_("Uiterlijk klaar op"), widget=DATE)

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["due_date"].initial = timezone.localdate() + timedelta(weeks=2)

    def clean_due_date(self) -> date:
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise ValidationError(_("Deze datum ligt in het verleden. Kies vandaag of later."))
        return due


class ActionStatusForm(Form):
    to = forms.ChoiceField(choices=Action.Status.choices)
    version = VERSION


class AgreementForm(Form):
    text = forms.CharField(label=_("Afspraak"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    base_version = VERSION


class AssessmentOpenForm(Form):
    title = forms.CharField(
        label=_("Naam van de meting"), max_length=120, help_text=_("Bijvoorbeeld ‘Nulmeting’ of ‘Meting voorjaar’.")
    )


class AssessmentResponseForm(Form):
    """One radio group per statement (§3.2) and per aspect (§2.2); every item may be left open."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for items, scale in ((content.STATEMENTS, content.STATEMENT_SCALE), (content.ASPECTS, content.ASPECT_SCALE)):
            for item in items:
                self.fields[item.key] = forms.TypedChoiceField(
                    label=item.text, choices=scale, coerce=int, required=False, widget=forms.RadioSelect,
                    empty_value=None,
                )

    def statement_fields(self) -> list[forms.BoundField]:
        return [self[s.key] for s in content.STATEMENTS]

    def aspect_rows(self) -> list[tuple[content.Aspect, forms.BoundField]]:
        return [(a, self[a.key]) for a in content.ASPECTS]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any(value is not None for value in data.values()):
            raise ValidationError(_("Geef bij ten minste één stelling of aspect een score."))
        return data


class WorkshopStartForm(Form):
    meeting = forms.ChoiceField(label=_("Tijdens overleg"), required=False)

    def __init__(self, *args: Any, meetings: list[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meetings = {str(m.uuid): m for m in meetings}
        self.fields["meeting"].choices = [
            ("", _("Los van een overleg")),
            *(
                (str(m.uuid), f"{m.get_layer_display()} {timezone.localtime(m.starts_at):%d-%m-%Y %H:%M}")
                for m in meetings
            ),
        ]

    def clean_meeting(self) -> Meeting | None:
        return self.meetings.get(self.cleaned_data["meeting"])


class NoteForm(Form):
    step = forms.TypedChoiceField(
        label=_("Ring"), coerce=int, choices=[(s.number, f"{s.number}. {s.title}") for s in content.WORKSHOP_STEPS]
    )
    text = forms.CharField(label=_("Uw notitie"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class NoteEditForm(Form):
    text = forms.CharField(label=_("Notitie"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    version = VERSION


class ClusterForm(Form):
    cluster = forms.CharField(label=_("Groep"), max_length=100, required=False)


class StepForm(Form):
    step = forms.TypedChoiceField(coerce=int, choices=[(n, n) for n in content.STEP_NUMBERS])


class SummaryForm(Form):
    joint_wish = forms.CharField(
        label=_("Ons gezamenlijk verlangen (stap 6)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    first_step = forms.CharField(
        label=_("De eerste stap (stap 7)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = VERSION


class CompleteForm(Form):
    due_date = forms.DateField(
        label=_("Acties uiterlijk klaar op"),
        widget=DATE,
        help_text=_("Elke notitie in ‘En nu’ wordt een actie van de schrijver."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["due_date"].initial = timezone.localdate() + timedelta(weeks=6)
