"""Signals, consultations, cases with one plan and one regiehouder, escalations, handovers, and proposals to
move from individual to collective. No foreign keys to the teams app: the teams app points here
(`Action.case`, `AgendaItem.signal`); a meeting is referred to by its uuid only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from werkplaats.core.models import BaseModel


class Category(models.TextChoices):
    BEHAVIOUR = "behaviour", _("gedrag")
    SOCIAL_EMOTIONAL = "social_emotional", _("sociaal-emotioneel")
    HOME = "home", _("thuissituatie")
    HEALTH = "health", _("gezondheid")
    ATTENDANCE = "attendance", _("schoolaanwezigheid")
    LEARNING = "learning", _("leren")
    SAFETY = "safety", _("veiligheid")
    OTHER = "other", _("anders")


class EscalationTarget(models.TextChoices):
    """Where a case or a signal is scaled up to. The IPT itself is the level without a target ("")."""

    SUPPORT_TEAM = "support_team", _("schoolondersteuningsteam (SOT)")
    SUPPORT_TEAM_PLUS = "support_team_plus", _("SOT+")
    MANAGEMENT = "management", _("management")
    SPECIALIST_CARE = "specialist_care", _("specialistische jeugdhulp (via de jeugdregisseur)")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")


class Signal(BaseModel):
    """A concern at child, class or school level, raised by any member of the school's IPT, or by a teacher
    to the school's IB'er. It lands on the next core-team agenda, or starts an urgent meeting."""

    class Level(models.TextChoices):
        CHILD = "child", _("kind")
        CLASS = "class", _("klas / groep")
        SCHOOL = "school", _("school")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("bespreken in het volgende kernteamoverleg")
        URGENT = "urgent", _("spoed: kernteam-spoedoverleg")

    class Status(models.TextChoices):
        NEW = "new", _("nieuw")
        ON_AGENDA = "on_agenda", _("geagendeerd")
        NO_ACTION = "no_action", _("afgerond: geen verdere actie")
        ADVISED = "advised", _("afgerond: advies aan de leerkracht")
        CASE_OPENED = "case_opened", _("casus geopend")
        ESCALATED = "escalated", _("opgeschaald")
        WITHDRAWN = "withdrawn", _("ingetrokken")

    school = models.ForeignKey(
        "organisations.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="signals"
    )
    level = models.CharField(_("niveau"), max_length=10, choices=Level.choices, default=Level.CHILD)
    pupil = models.ForeignKey(
        "pupils.Pupil", verbose_name=_("leerling"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="signals",
    )
    group = models.CharField(_("groep / klas"), max_length=50, blank=True)
    category = models.CharField(_("soort zorg"), max_length=20, choices=Category.choices)
    urgency = models.CharField(_("urgentie"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    seen_in_school = models.TextField(_("wat ziet u op school?"))
    seen_outside_school = models.TextField(_("wat is er buiten school bekend?"), blank=True)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.NEW)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ingebracht door"), on_delete=models.PROTECT,
        related_name="raised_signals",
    )
    addressed_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ingebracht bij"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="addressed_signals",
        help_text=_("De intern begeleider, als de inbrenger zelf niet in het interprofessioneel team zit."),
    )
    meeting_uuid = models.UUIDField(_("overleg (uuid)"), null=True, blank=True)
    advice = models.TextField(_("advies aan de leerkracht"), blank=True)
    escalation = models.CharField(
        _("opgeschaald naar"), max_length=20, choices=EscalationTarget.choices, blank=True
    )
    status_changed_at = models.DateTimeField(_("status gewijzigd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["school", "status"]),
            models.Index(fields=["school", "group", "category", "created"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(level="child") | models.Q(pupil__isnull=False),
                name="signal_child_has_pupil",
                violation_error_message=_("Kies over welke leerling het signaal gaat."),
            ),
            models.CheckConstraint(
                condition=~models.Q(level="class") | ~models.Q(group=""),
                name="signal_class_has_group",
                violation_error_message=_("Kies over welke groep of klas het signaal gaat."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} · {self.get_category_display()} · {self.created:%d-%m-%Y}"

    @property
    def reference(self) -> str:
        """A short reference without personal data, for agendas and notifications."""
        return f"S-{self.uuid.hex[:6].upper()}"


class Consultation(BaseModel):
    """The consultation of appendix D: four questions, and how it ends."""

    class Outcome(models.TextChoices):
        NO_ACTION = "no_action", _("geen verdere actie")
        ADVICE = "advice", _("advies aan de leerkracht")
        CASE = "case", _("een casus openen")
        ESCALATION = "escalation", _("opschalen")

    signal = models.ForeignKey(Signal, verbose_name=_("signaal"), on_delete=models.CASCADE,
                               related_name="consultations")
    meeting_uuid = models.UUIDField(_("overleg (uuid)"), null=True, blank=True)
    signals = models.TextField(_("1. wat zijn signalen (binnen, maar ook buiten de school)"), blank=True)
    already_started = models.TextField(_("2. wat is al in gang gezet (met welk resultaat)"), blank=True)
    active_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="consultation_roles",
        verbose_name=_("4. wie uit het kernteam kan een actieve rol in deze casus vervullen?"),
    )
    active_role_note = models.TextField(_("toelichting op de rollen"), blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=12, choices=Outcome.choices, blank=True)
    concluded_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("afgerond door"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gestart door"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(_("versie"), default=1)

    class Meta:
        verbose_name = _("consultatie")
        verbose_name_plural = _("consultaties")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{_('Consultatie')} {self.signal.reference}"


class Contribution(BaseModel):
    """Question 3, "wat is wijsheid (bundelen expertise)": each member adds their own expertise."""

    consultation = models.ForeignKey(Consultation, verbose_name=_("consultatie"), on_delete=models.CASCADE,
                                     related_name="contributions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("van"), on_delete=models.PROTECT,
                               related_name="+")
    text = models.TextField(_("wat is wijsheid?"))

    class Meta:
        verbose_name = _("bijdrage")
        verbose_name_plural = _("bijdragen")
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Case(BaseModel):
    """Organised support around one pupil or a family (siblings: the gezinsaanpak), with one regiehouder:
    the contact person who stands next to the parents, who keep the regie. Parents tell their story once."""

    class Status(models.TextChoices):
        OPEN = "open", _("lopend")
        CLOSED = "closed", _("afgesloten")

    school = models.ForeignKey(
        "organisations.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="cases",
        help_text=_("De school waarvan het interprofessioneel team rond de casus staat."),
    )
    pupils = models.ManyToManyField("pupils.Pupil", verbose_name=_("leerlingen"), related_name="cases")
    family = models.ForeignKey(
        "pupils.Family", verbose_name=_("gezin"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="cases", help_text=_("Gezinsaanpak: de casus gaat over broers en zussen samen."),
    )
    signal = models.ForeignKey(
        Signal, verbose_name=_("signaal"), on_delete=models.SET_NULL, null=True, blank=True, related_name="cases"
    )
    category = models.CharField(_("soort zorg"), max_length=20, choices=Category.choices)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("regiehouder"), on_delete=models.PROTECT,
        related_name="coordinated_cases",
        help_text=_("Het vaste aanspreekpunt dat naast de ouders staat; de ouders houden de regie."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    escalation = models.CharField(
        _("opgeschaald naar"), max_length=20, choices=EscalationTarget.choices, blank=True,
        help_text=_("Leeg: de casus ligt bij het interprofessioneel team."),
    )
    parents_story = models.TextField(_("het verhaal van de ouders"), blank=True)
    pupil_voice = models.TextField(_("in de woorden van de leerling"), blank=True)
    story_version = models.PositiveIntegerField(_("versie van het verhaal"), default=1)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("geopend door"), on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    closing_note = models.TextField(_("afsluiting"), blank=True)

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"C-{self.uuid.hex[:6].upper()}"


class CaseMember(BaseModel):
    """A professional involved in the case. Members from outside the case's school need a valid consent."""

    case = models.ForeignKey(Case, verbose_name=_("casus"), on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("professional"), on_delete=models.PROTECT,
                             related_name="case_memberships")
    role_in_case = models.CharField(_("rol in de casus"), max_length=120, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("toegevoegd door"),
                                 on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    read_only_until = models.DateField(
        _("alleen inzien tot en met"), null=True, blank=True,
        help_text=_("Na een overdracht: wat de afzender volgens de wet en de afspraak nog mag inzien."),
    )
    left_at = models.DateTimeField(_("niet meer betrokken sinds"), null=True, blank=True)

    class Meta:
        verbose_name = _("betrokkene bij de casus")
        verbose_name_plural = _("betrokkenen bij de casus")
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"], condition=models.Q(left_at__isnull=True), name="case_member_unique_active",
                violation_error_message=_("Deze professional is al betrokken bij de casus."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.case}"


class CaseEvent(BaseModel):
    """What happened in a case, for the chronology. The text holds no more than the event itself."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("casus geopend")
        MEMBER_ADDED = "member_added", _("betrokkene toegevoegd")
        MEMBER_LEFT = "member_left", _("betrokkene niet meer betrokken")
        COORDINATOR_CHANGED = "coordinator_changed", _("nieuwe regiehouder")
        STORY_UPDATED = "story_updated", _("verhaal van ouders en leerling bijgewerkt")
        PLAN_VERSION = "plan_version", _("versie van het plan vastgesteld")
        EVALUATION_PLANNED = "evaluation_planned", _("evaluatie gepland")
        EVALUATION_HELD = "evaluation_held", _("evaluatie gehouden")
        ESCALATED = "escalated", _("opgeschaald")
        DE_ESCALATED = "de_escalated", _("afgeschaald")
        CLOSED = "closed", _("casus afgesloten")
        REOPENED = "reopened", _("casus heropend")
        HANDED_OVER = "handed_over", _("overgedragen")

    case = models.ForeignKey(Case, verbose_name=_("casus"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("gebeurtenis"), max_length=25, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("door"), on_delete=models.SET_NULL,
                              null=True, blank=True, related_name="+")
    text = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("gebeurtenis in een casus")
        verbose_name_plural = _("gebeurtenissen in casussen")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class CarePlan(BaseModel):
    """The one joint plan of a case: regie in 7 samenwerkingsstappen (appendix E)."""

    case = models.OneToOneField(Case, verbose_name=_("casus"), on_delete=models.CASCADE, related_name="plan")

    class Meta:
        verbose_name = _("plan (regie in 7 samenwerkingsstappen)")
        verbose_name_plural = _("plannen")

    def __str__(self) -> str:
        return f"{_('Plan')} {self.case.reference}"


class CarePlanStep(BaseModel):
    """One step (0–7) of the plan: the answers to the questions of appendix E, provisional or agreed.
    `version` guards against two members overwriting each other (optimistic locking)."""

    plan = models.ForeignKey(CarePlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("stap"))
    answers = models.JSONField(_("antwoorden"), default=dict, blank=True)
    provisional = models.BooleanField(_("voorlopige afspraken"), default=True)
    version = models.PositiveIntegerField(_("versie"), default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("laatst gewijzigd door"),
                                   on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("stap van het plan")
        verbose_name_plural = _("stappen van het plan")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="care_plan_step_unique"),
            models.CheckConstraint(condition=models.Q(number__gte=0, number__lte=7), name="care_plan_step_0_7"),
        ]

    def __str__(self) -> str:
        return f"{_('Stap')} {self.number}"


class CarePlanVersion(BaseModel):
    """A fixed version of the whole plan: what was agreed on a day, and what the parents received."""

    plan = models.ForeignKey(CarePlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versienummer"))
    steps = models.JSONField(_("inhoud"))
    note = models.CharField(_("wat is er veranderd?"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("vastgesteld door"),
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("versie van het plan")
        verbose_name_plural = _("versies van het plan")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="care_plan_version_unique")]

    def __str__(self) -> str:
        return f"{_('Versie')} {self.number}"


class Evaluation(BaseModel):
    """Step 6: during the case, against the desired situation of step 3; dissenting opinions recorded.
    A planned evaluation puts the case on the core-team agenda."""

    class Progress(models.TextChoices):
        YES = "yes", _("ja, we maken stappen")
        PARTLY = "partly", _("deels")
        NO = "no", _("nee")

    case = models.ForeignKey(Case, verbose_name=_("casus"), on_delete=models.CASCADE, related_name="evaluations")
    planned_on = models.DateField(_("gepland op"))
    held_on = models.DateField(_("gehouden op"), null=True, blank=True)
    right_agreements = models.TextField(_("hebben we de goede afspraken gemaakt?"), blank=True)
    progress = models.CharField(_("maken we stappen richting de gewenste situatie?"), max_length=10,
                                choices=Progress.choices, blank=True)
    progress_note = models.TextField(_("toelichting, naast de gewenste situatie (stap 3)"), blank=True)
    add_or_remove = models.TextField(_("wat kan erbij? wat kan eraf?"), blank=True)
    dissenting_opinions = models.TextField(
        _("afwijkende meningen"), blank=True, help_text=_("Concreet: wie vindt wat anders, en waarom?")
    )
    meeting_uuid = models.UUIDField(_("op de agenda van overleg (uuid)"), null=True, blank=True)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("gepland door"),
                                   on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("vastgelegd door"),
                                    on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")
        ordering = ["planned_on", "pk"]
        indexes = [models.Index(fields=["held_on", "planned_on"])]

    def __str__(self) -> str:
        return f"{_('Evaluatie')} {self.planned_on:%d-%m-%Y}"


class Escalation(BaseModel):
    """One step up (opschalen) or down (afschalen) of a case or a signal, with its reason."""

    class Direction(models.TextChoices):
        UP = "up", _("opschalen")
        DOWN = "down", _("afschalen")

    case = models.ForeignKey(Case, verbose_name=_("casus"), on_delete=models.CASCADE, null=True, blank=True,
                             related_name="escalations")
    signal = models.ForeignKey(Signal, verbose_name=_("signaal"), on_delete=models.CASCADE, null=True, blank=True,
                               related_name="escalations")
    direction = models.CharField(_("richting"), max_length=4, choices=Direction.choices)
    from_level = models.CharField(_("van"), max_length=20, choices=EscalationTarget.choices, blank=True)
    to_level = models.CharField(_("naar"), max_length=20, choices=EscalationTarget.choices, blank=True)
    reason = models.TextField(_("reden"))
    youth_director = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("jeugdregisseur"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("door"), on_delete=models.PROTECT,
                              related_name="+")

    class Meta:
        verbose_name = _("op- of afschaling")
        verbose_name_plural = _("op- en afschalingen")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | models.Q(signal__isnull=False),
                name="escalation_of_case_or_signal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} → {self.get_to_level_display() or 'IPT'}"


class Handover(BaseModel):
    """A warm handover: the sender selects what goes over (with consent), the receiver accepts or returns it,
    and a check-in is planned. Access moves with it; the sender keeps what the law and the agreement allow."""

    class Kind(models.TextChoices):
        CHILDCARE_PRIMARY = "childcare_primary", _("kinderopvang → basisschool")
        PRIMARY_SECONDARY = "primary_secondary", _("basisschool → voortgezet onderwijs")
        SCHOOL_SCHOOL = "school_school", _("school → school")
        PROFESSIONAL = "professional", _("tussen professionals (op- of afschalen)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("concept")
        SENT = "sent", _("verstuurd")
        ACCEPTED = "accepted", _("aanvaard")
        RETURNED = "returned", _("teruggestuurd")
        CANCELLED = "cancelled", _("ingetrokken")
        COMPLETED = "completed", _("afgerond na check-in")

    pupil = models.ForeignKey("pupils.Pupil", verbose_name=_("leerling"), on_delete=models.CASCADE,
                              related_name="handovers")
    case = models.ForeignKey(Case, verbose_name=_("casus"), on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="handovers")
    kind = models.CharField(_("soort overdracht"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    from_school = models.ForeignKey("organisations.School", verbose_name=_("van school of opvang"),
                                    on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    from_organisation = models.ForeignKey("organisations.Organisation", verbose_name=_("van organisatie"),
                                          on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    to_school = models.ForeignKey("organisations.School", verbose_name=_("naar school"), on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="incoming_handovers")
    to_organisation = models.ForeignKey("organisations.Organisation", verbose_name=_("naar organisatie"),
                                        on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    to_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("naar professional"),
                                on_delete=models.PROTECT, null=True, blank=True, related_name="incoming_handovers")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("afzender"), on_delete=models.PROTECT,
                               related_name="sent_handovers")
    summary = models.TextField(_("wat moet de ontvanger weten?"))
    parts = models.JSONField(_("wat gaat mee"), default=list, blank=True)
    contents = models.JSONField(_("meegestuurde inhoud"), default=dict, blank=True, editable=False)
    consent = models.ForeignKey("consent.Consent", verbose_name=_("toestemming"), on_delete=models.PROTECT,
                                null=True, blank=True, related_name="handovers")
    check_in_weeks = models.PositiveSmallIntegerField(_("check-in na (weken)"), default=6)
    check_in_on = models.DateField(_("check-in op"), null=True, blank=True)
    sender_access_until = models.DateField(
        _("afzender mag de casus inzien tot en met"), null=True, blank=True,
        help_text=_("Leeg: de afzender houdt na aanvaarding alleen deze overdracht zelf."),
    )
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    decided_at = models.DateTimeField(_("beslist op"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("beslist door"),
                                   on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    return_reason = models.TextField(_("reden van terugsturen"), blank=True)
    check_in_note = models.TextField(_("verslag van de check-in"), blank=True)

    class Meta:
        verbose_name = _("warme overdracht")
        verbose_name_plural = _("warme overdrachten")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["status", "check_in_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(to_school__isnull=False) | models.Q(to_user__isnull=False),
                name="handover_has_receiver",
                violation_error_message=_("Kies naar welke school of professional de overdracht gaat."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created:%d-%m-%Y}"


class EmergencyAccess(BaseModel):
    """Noodtoegang: time-limited access to a pupil's cases for an acute safety concern, with a stated reason.
    Every use is flagged in the access log; the privacy officer reviews each one."""

    class Review(models.TextChoices):
        JUSTIFIED = "justified", _("terecht")
        UNJUSTIFIED = "unjustified", _("onterecht")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("professional"), on_delete=models.PROTECT,
                             related_name="emergency_accesses")
    pupil = models.ForeignKey("pupils.Pupil", verbose_name=_("leerling"), on_delete=models.CASCADE,
                              related_name="emergency_accesses")
    reason = models.TextField(_("acute zorg om de veiligheid"))
    expires_at = models.DateTimeField(_("toegang tot"))
    review = models.CharField(_("beoordeling"), max_length=12, choices=Review.choices, blank=True)
    review_note = models.TextField(_("toelichting bij de beoordeling"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("beoordeeld door"),
                                    on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("noodtoegang")
        verbose_name_plural = _("noodtoegangen")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["user", "pupil", "expires_at"]), models.Index(fields=["reviewed_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.created:%d-%m-%Y %H:%M}"


class CollectiveProposal(BaseModel):
    """From individual to collective: several pupils in one group (or one category across groups) with open
    signals or cases. The IPT accepts it as a class or school signal with a group offer, or dismisses it."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("voorgesteld")
        ACCEPTED = "accepted", _("aangenomen")
        DISMISSED = "dismissed", _("afgewezen")

    school = models.ForeignKey("organisations.School", verbose_name=_("school"), on_delete=models.CASCADE,
                               related_name="collective_proposals")
    level = models.CharField(_("niveau"), max_length=10, choices=Signal.Level.choices)
    group = models.CharField(_("groep / klas"), max_length=50, blank=True)
    category = models.CharField(_("soort zorg"), max_length=20, choices=Category.choices)
    pupil_count = models.PositiveIntegerField(_("aantal leerlingen"))
    groups = models.JSONField(_("groepen"), default=list, blank=True)
    period_start = models.DateField(_("periode vanaf"))
    period_end = models.DateField(_("periode tot en met"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("beslist door"),
                                   on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("beslist op"), null=True, blank=True)
    dismiss_reason = models.TextField(_("reden van afwijzen"), blank=True)
    signal = models.OneToOneField(Signal, verbose_name=_("signaal"), on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="proposal")

    class Meta:
        verbose_name = _("voorstel: van individueel naar collectief")
        verbose_name_plural = _("voorstellen: van individueel naar collectief")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "level", "group", "category"], condition=models.Q(status="proposed"),
                name="collective_proposal_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.group} {self.get_category_display()}"
