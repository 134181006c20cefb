import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from werkplaats.core.models import BaseModel

from . import content


class Team(BaseModel):
    """The interprofessional team (IPT) of one school location, in one of the three forms of §3.1."""

    class Form(models.TextChoices):
        CORE = "core", _("kernteam")
        CORE_WIDER = "core_wider", _("kernteam en breder team")
        CORE_WIDER_STEERING = "core_wider_steering", _("kernteam, breder team en stuurgroep")

    class Layer(models.TextChoices):
        CORE = "core", _("kernteam")
        WIDER = "wider", _("breder team")
        STEERING = "steering", _("stuurgroep")

    school = models.OneToOneField(
        "organisations.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="team"
    )
    form = models.CharField(_("vorm"), max_length=30, choices=Form.choices, default=Form.CORE)
    cadence_core = models.PositiveSmallIntegerField(
        _("overleggen kernteam per schooljaar"), default=4, help_text=_("Bijvoorbeeld 4 keer per schooljaar.")
    )
    cadence_wider = models.PositiveSmallIntegerField(_("overleggen breder team per schooljaar"), default=2)
    cadence_steering = models.PositiveSmallIntegerField(_("overleggen stuurgroep per schooljaar"), default=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("aangemaakt door"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )

    class Meta:
        verbose_name = _("interprofessioneel team")
        verbose_name_plural = _("interprofessionele teams")
        ordering = ["school__name"]

    def __str__(self) -> str:
        return f"IPT {self.school.name}"


# The layers each form has (§3.1: 1, 2 or 3 teams).
FORM_LAYERS: dict[str, tuple[str, ...]] = {
    Team.Form.CORE: (Team.Layer.CORE,),
    Team.Form.CORE_WIDER: (Team.Layer.CORE, Team.Layer.WIDER),
    Team.Form.CORE_WIDER_STEERING: (Team.Layer.CORE, Team.Layer.WIDER, Team.Layer.STEERING),
}


class Stakeholder(BaseModel):
    """Someone involved around the school (internal or external). With a layer, a member of the team."""

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(_("naam"), max_length=200)
    function = models.CharField(
        _("functie of rol"), max_length=120, help_text=_("Bijvoorbeeld jeugdverpleegkundige of wijkagent.")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organisatie"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="team_stakeholders", help_text=_("Leeg: iemand van de school zelf."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account in Werkplaats"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="team_stakeholders",
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    is_manager = models.BooleanField(
        _("leidinggevende"), default=False, help_text=_("Leidinggevende van een deelnemende organisatie.")
    )
    is_contact_person = models.BooleanField(_("aanspreekpunt van de organisatie"), default=False)
    layer = models.CharField(
        _("laag"), max_length=10, choices=Team.Layer.choices, blank=True,
        help_text=_("Leeg: betrokken rond de school, maar geen lid van een laag van het team."),
    )

    class Meta:
        verbose_name = _("betrokkene")
        verbose_name_plural = _("betrokkenen")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user"], condition=models.Q(user__isnull=False), name="stakeholder_unique_user",
                violation_error_message=_("Deze persoon staat al in de lijst van betrokkenen."),
            ),
            models.UniqueConstraint(
                fields=["team", "organisation"], condition=models.Q(is_contact_person=True),
                name="stakeholder_one_contact_per_organisation",
                violation_error_message=_("Deze organisatie heeft al een aanspreekpunt in dit team."),
            ),
            models.UniqueConstraint(
                fields=["team"], condition=models.Q(is_contact_person=True, organisation__isnull=True),
                name="stakeholder_one_contact_of_the_school",
                violation_error_message=_("De school heeft al een aanspreekpunt in dit team."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.function})"


class Meeting(BaseModel):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("overleg")
        URGENT = "urgent", _("kernteam-spoedoverleg")

    class Status(models.TextChoices):
        PLANNED = "planned", _("gepland")
        IN_PROGRESS = "in_progress", _("bezig")
        CLOSED = "closed", _("afgerond")
        CANCELLED = "cancelled", _("geannuleerd")

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="meetings")
    layer = models.CharField(_("laag"), max_length=10, choices=Team.Layer.choices, default=Team.Layer.CORE)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    starts_at = models.DateTimeField(_("begint om"))
    ends_at = models.DateTimeField(_("eindigt om"))
    location = models.CharField(_("locatie"), max_length=200, blank=True)
    online_url = models.URLField(_("link naar het online overleg"), blank=True)
    reason = models.TextField(
        _("aanleiding"), blank=True,
        help_text=_("Kort, zonder namen van leerlingen: die bespreekt u in het overleg zelf."),
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ingebracht door"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    sequence = models.PositiveIntegerField(_("volgnummer agenda-uitnodiging"), default=0)
    closed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)

    class Meta:
        verbose_name = _("overleg")
        verbose_name_plural = _("overleggen")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["team", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start",
                violation_error_message=_("Het overleg moet eindigen na het begin."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_layer_display()} {self.starts_at:%Y-%m-%d %H:%M}"


class AgendaItem(BaseModel):
    class Kind(models.TextChoices):
        OPEN_ACTIONS = "open_actions", _("Openstaande acties")
        # Appendix D, "De agenda van een kernteamoverleg".
        CONCERNS = "concerns", _("Zijn er zorgen/ signalen om te bespreken?")
        NEW_PUPILS = "new_pupils", _("Zijn er nieuwe instromers om te bespreken?")
        COLLABORATION = "collaboration", _(
            "Zijn er ontwikkelingen of zaken om in het kader van onze samenwerking te bespreken?"
        )
        EMPTY_CHAIR = "empty_chair", _(
            "Willen we de volgende keer iemand uitnodigen op de ‘lege stoel’ en zo ja, wie met welk doel?"
        )
        # §3.3 "De agenda van een interprofessioneel team", a–f.
        CHILD = "child", _("Individuele casuïstiek: kindniveau")
        CLASS = "class", _("Collectieve signalen/ondersteuningsvragen: klasniveau")
        SCHOOL = "school", _("Brede signalen op school/wijkniveau: schoolniveau")
        ATTENDANCE = "attendance", _("Schoolaanwezigheid")
        PREVENTION = "prevention", _("Preventie")
        THEMES = "themes", _("Thema’s")
        FREE = "free", _("Vrij agendapunt")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("overleg"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    kind = models.CharField(_("soort agendapunt"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    preparation = models.TextField(_("voorbereiding"), blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("voorbereid door"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    minutes = models.TextField(_("verslag"), blank=True)
    minutes_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("verslag laatst gewijzigd door"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    signal = models.ForeignKey(
        "cases.Signal", verbose_name=_("signaal"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="agenda_items", help_text=_("Het signaal dat met dit agendapunt besproken wordt."),
    )
    shared_with_guests = models.BooleanField(
        _("zichtbaar voor gasten"), default=False,
        help_text=_("Alleen agendapunten die u deelt, ziet een gast op de lege stoel."),
    )
    version = models.PositiveIntegerField(_("versie"), default=1)

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()


class Guest(BaseModel):
    """Someone on the empty chair (*lege stoel*): invited for one meeting, with a purpose."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("overleg"), on_delete=models.CASCADE, related_name="guests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gast"), on_delete=models.CASCADE, related_name="guest_invitations"
    )
    purpose = models.TextField(_("doel van de uitnodiging"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uitgenodigd door"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    attended = models.BooleanField(_("aanwezig"), null=True, blank=True)
    access_ended_at = models.DateTimeField(_("toegang beëindigd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("gast op de lege stoel")
        verbose_name_plural = _("gasten op de lege stoel")
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"], name="guest_unique_per_meeting",
                violation_error_message=_("Deze gast is al uitgenodigd voor dit overleg."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.meeting}"


class Attendance(BaseModel):
    class Status(models.TextChoices):
        PRESENT = "present", _("aanwezig")
        ABSENT = "absent", _("afwezig")
        SUBSTITUTED = "substituted", _("vervangen")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("overleg"), on_delete=models.CASCADE, related_name="attendances"
    )
    stakeholder = models.ForeignKey(
        Stakeholder, verbose_name=_("teamlid"), on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField(_("aanwezigheid"), max_length=12, choices=Status.choices)
    substitute = models.CharField(
        _("vervanger"), max_length=200, blank=True, help_text=_("Naam en functie van wie in de plaats kwam.")
    )

    class Meta:
        verbose_name = _("aanwezigheid bij overleg")
        verbose_name_plural = _("aanwezigheid bij overleggen")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "stakeholder"], name="attendance_unique_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder} {self.get_status_display()}"


class Decision(BaseModel):
    meeting = models.ForeignKey(Meeting, verbose_name=_("overleg"), on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agendapunt"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="decisions",
    )
    text = models.TextField(_("besluit"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vastgelegd door"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Action(BaseModel):
    """Who does what, when. Open actions carry to the team's next agenda; owners get reminders."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("afgerond")
        CANCELLED = "cancelled", _("vervallen")

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="actions")
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("afgesproken in overleg"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="actions",
    )
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agendapunt"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="actions",
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("casus"), on_delete=models.CASCADE, null=True, blank=True, related_name="actions",
    )
    workshop = models.ForeignKey(
        "AmbitionWorkshop", verbose_name=_("uit de taart van ambities"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="actions",
    )
    description = models.TextField(_("actie"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("eigenaar"), on_delete=models.PROTECT, related_name="team_actions"
    )
    due_date = models.DateField(_("uiterlijk klaar op"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    reminded_on = models.DateField(_("laatste herinnering"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vastgelegd door"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    version = models.PositiveIntegerField(_("versie"), default=1)

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["team", "status", "due_date"]),
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["owner", "status"]),
        ]

    def __str__(self) -> str:
        return self.description[:60]


class TeamAgreement(BaseModel):
    """One version of the team's agreement on one topic of §3.4. A change adds a version; none is overwritten."""

    class Topic(models.TextChoices):
        CHAIR = "chair", _("Voorzitterschap")
        PREPARATION = "preparation", _("Voorbereidingstaken")
        FREQUENCY = "frequency", _("Frequentie van overleggen")
        WAY_OF_MEETING = "way_of_meeting", _("Wijze van overleggen")
        FIXED_ITEMS = "fixed_items", _("Welke ‘vaste agendapunten’ worden besproken?")
        ATTENDANCE = "attendance", _("Wie zijn aanwezig? Hoe regelen we eventuele vervanging?")
        MINUTES = "minutes", _("Hoe geven we de verslaglegging vorm?")
        TASK_DIVISION = "task_division", _("Taakverdeling")
        SUPPORT_PLAN = "support_plan", _(
            "Ondersteuningsplan (kindniveau), incl. rol van ouders en diverse leefgebieden"
        )
        CONTACT_PERSONS = "contact_persons", _("Aanspreekpunten")
        PARENTS = "parents", _("Wijze waarop ouders als partner worden betrokken en gezien.")
        HANDOVERS = "handovers", _(
            "Overdrachtsmomenten (naast op- en afschalen tussen professionals, ook van voorschoolse naar schoolse "
            "en van PO naar VO)."
        )
        PERSONAL_DATA = "personal_data", _("Uitwisselen van persoonsgegevens (zie bijlage I)")

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="agreements")
    topic = models.CharField(_("onderwerp"), max_length=20, choices=Topic.choices)
    text = models.TextField(_("afspraak"), blank=True)
    version = models.PositiveIntegerField(_("versie"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vastgelegd door"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )

    class Meta:
        verbose_name = _("werkafspraak")
        verbose_name_plural = _("werkafspraken")
        ordering = ["topic", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["team", "topic", "version"], name="agreement_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} v{self.version}"


class AmbitionWorkshop(BaseModel):
    """The *taart van ambities* (appendix F), run live by a facilitator with the team's members."""

    class Status(models.TextChoices):
        OPEN = "open", _("bezig")
        COMPLETED = "completed", _("afgerond")

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="workshops")
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("tijdens overleg"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="workshops",
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("begeleider"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    current_step = models.PositiveSmallIntegerField(_("huidige stap"), default=content.FIRST_STEP)
    joint_wish = models.TextField(_("ons gezamenlijk verlangen"), blank=True)
    first_step = models.TextField(_("de eerste stap"), blank=True)
    completed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=1)

    class Meta:
        verbose_name = _("taart van ambities")
        verbose_name_plural = _("taarten van ambities")
        ordering = ["-created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(current_step__gte=content.FIRST_STEP, current_step__lte=content.LAST_STEP),
                name="workshop_step_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Taart van ambities {self.team} {self.created:%Y-%m-%d}"


class WorkshopNote(BaseModel):
    """One sticky note in one ring of the workshop."""

    workshop = models.ForeignKey(
        AmbitionWorkshop, verbose_name=_("taart van ambities"), on_delete=models.CASCADE, related_name="notes"
    )
    step = models.PositiveSmallIntegerField(_("stap"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("auteur"), on_delete=models.PROTECT,
                               related_name="+")
    text = models.TextField(_("tekst"))
    cluster = models.CharField(
        _("groep"), max_length=100, blank=True, help_text=_("De begeleider groepeert gelijke notities.")
    )
    version = models.PositiveIntegerField(_("versie"), default=1)

    class Meta:
        verbose_name = _("notitie")
        verbose_name_plural = _("notities")
        ordering = ["step", "cluster", "created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(step__gte=content.FIRST_STEP, step__lte=content.LAST_STEP),
                name="note_step_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class TeamAssessment(BaseModel):
    """One measurement of the team (the first is the zero measurement, §3.2 and §2.2). Who responded is
    recorded apart from what was answered, so answers cannot be traced to a member."""

    class Status(models.TextChoices):
        OPEN = "open", _("open voor invullen")
        CLOSED = "closed", _("afgesloten")

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="assessments")
    title = models.CharField(_("naam van de meting"), max_length=120)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gestart door"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    workshop = models.OneToOneField(
        AmbitionWorkshop, verbose_name=_("taart van ambities"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="assessment",
    )

    class Meta:
        verbose_name = _("teammeting")
        verbose_name_plural = _("teammetingen")
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return self.title


class AssessmentParticipation(models.Model):
    """That a member responded to a measurement (not what)."""

    assessment = models.ForeignKey(
        TeamAssessment, verbose_name=_("meting"), on_delete=models.CASCADE, related_name="participations"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("teamlid"), on_delete=models.CASCADE,
                             related_name="+")

    class Meta:
        verbose_name = _("deelname aan meting")
        verbose_name_plural = _("deelnames aan metingen")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "user"], name="assessment_one_response_per_member",
                violation_error_message=_("U heeft deze meting al ingevuld."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.assessment}"


class AssessmentScore(models.Model):
    """One anonymous score: no user, no timestamp, and a random key (no insertion order)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    assessment = models.ForeignKey(
        TeamAssessment, verbose_name=_("meting"), on_delete=models.CASCADE, related_name="scores"
    )
    item = models.CharField(_("stelling of aspect"), max_length=5, choices=[(k, k) for k in content.ITEM_KEYS])
    score = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=content.SCORE_MIN, score__lte=content.SCORE_MAX),
                name="assessment_score_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.score}"


class Notification(BaseModel):
    """An in-app message for one user. The message never contains personal data of pupils."""

    class Kind(models.TextChoices):
        MEETING_PLANNED = "meeting_planned", _("overleg gepland")
        URGENT_MEETING = "urgent_meeting", _("kernteam-spoedoverleg")
        MEETING_CANCELLED = "meeting_cancelled", _("overleg geannuleerd")
        GUEST_INVITED = "guest_invited", _("uitnodiging lege stoel")
        ACTION_ASSIGNED = "action_assigned", _("nieuwe actie")
        ACTION_REMINDER = "action_reminder", _("herinnering actie")
        ASSESSMENT_OPENED = "assessment_opened", _("teammeting")
        # Sent by the cases app through services.notify.
        SIGNAL_RAISED = "signal_raised", _("signaal")
        CASE_UPDATE = "case_update", _("casus")
        HANDOVER = "handover", _("warme overdracht")
        CONSENT_REASK = "consent_reask", _("toestemming")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gebruiker"), on_delete=models.CASCADE,
        related_name="team_notifications",
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    message = models.CharField(_("bericht"), max_length=300)
    link = models.CharField(_("link"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["user", "read_at", "-created"])]

    def __str__(self) -> str:
        return self.message
