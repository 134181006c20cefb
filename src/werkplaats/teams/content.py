"""The fixed texts of the handbook *interprofessioneel werken* (seed 003) that the IPT works with: the
statements of the zero measurement (§3.2), the 12 aspects that tell a multidisciplinary team from an
interprofessional one (§2.2), and the seven rings of the *taart van ambities* (appendix F). The Dutch
wording is the seed's own; keys are stable identifiers stored with the answers."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Statement:
    key: str
    text: Promise


@dataclass(frozen=True)
class Aspect:
    key: str
    text: Promise
    multidisciplinary: Promise
    interprofessional: Promise


@dataclass(frozen=True)
class WorkshopStep:
    number: int
    title: Promise
    instruction: Promise
    questions: tuple[Promise, ...]


# §3.2 "In kaart brengen van de samenwerking — Het interprofessioneel team".
STATEMENTS: tuple[Statement, ...] = (
    Statement("s1", _("Ik ken de leden in het team.")),
    Statement("s2", _("Ik weet wat de functie van mijn collega inhoudt en wat ik van zijn expertise kan verwachten.")),
    Statement("s3", _("Ik heb mandaat om de benodigde ondersteuning in te zetten.")),
    Statement("s4", _("We werken als team aanvullend aan elkaar bij het opstellen van het ondersteuningsplan.")),
    Statement("s5", _("Ik spreek het team op regelmatige basis.")),
    Statement("s6", _("Ik weet wie de aanspreekpunten zijn van de diverse organisaties die betrokken zijn rondom "
                      "de school.")),
    Statement("s7", _("Wij kijken met het teambreed naar het systeem en de diverse leefgebieden.")),
)

YES = _("Ja")
NO = _("Nee")
SOMETIMES = _("Soms")
POSSIBLY = _("Mogelijk")

# §2.2 "Het verschil tussen MDO en interprofessioneel werken": aspect, multidisciplinary, interprofessional.
ASPECTS: tuple[Aspect, ...] = (
    Aspect("a1", _("Meerdere disciplines betrokken bij de ondersteuning"), YES, YES),
    Aspect("a2", _("Overleg en bijeenkomsten"), SOMETIMES, YES),
    Aspect("a3", _("Gemeenschappelijke visie op school-, klas- & kindniveau"), POSSIBLY, YES),
    Aspect("a4", _("Gelijkwaardigheid van de disciplines"), POSSIBLY, YES),
    Aspect("a5", _("Gezamenlijk ondersteuningsplan op school-, klas- & kindniveau"), NO, YES),
    Aspect("a6", _("Afspraken over taakverdeling"), POSSIBLY, YES),
    Aspect("a7", _("Kennis van elkaars vakgebied"), POSSIBLY, YES),
    Aspect("a8", _("Holistische aanpak"), NO, YES),
    Aspect("a9", _("Eén aanspreekpunt bij de organisaties"), NO, YES),
    Aspect("a10", _("Gezamenlijke verantwoordelijkheid"), POSSIBLY, YES),
    Aspect("a11", _("Alle leefgebieden zijn van belang"), POSSIBLY, YES),
    Aspect("a12", _("Ouders worden gezien als partner"), POSSIBLY, YES),
)

ITEM_TEXTS: dict[str, Promise] = {item.key: item.text for item in (*STATEMENTS, *ASPECTS)}
ITEM_KEYS: tuple[str, ...] = tuple(ITEM_TEXTS)

SCORE_MIN, SCORE_MAX = 1, 5
STATEMENT_SCALE: tuple[tuple[int, Promise], ...] = (
    (1, _("helemaal oneens")), (2, _("oneens")), (3, _("neutraal")), (4, _("eens")), (5, _("helemaal eens")),
)
ASPECT_SCALE: tuple[tuple[int, Promise], ...] = (
    (1, _("nee")), (2, _("zelden")), (3, _("soms")), (4, _("meestal")), (5, _("ja")),
)

# Appendix F, from the outer ring inwards.
WORKSHOP_STEPS: tuple[WorkshopStep, ...] = (
    WorkshopStep(1, _("Kennismaken"), _("Vul dit in de buitenste cirkel in."),
                 (_("Wie ben je?"), _("Wat is je rol?"), _("Wat is je eerste indruk van de middag?"))),
    WorkshopStep(2, _("Factsheets"), _("Kijk gezamenlijk naar de factsheet."),
                 (_("Wat valt jullie op, positief/ negatief?"), _("Is het beeld herkenbaar?"))),
    WorkshopStep(3, _("Wat gaat goed?"),
                 _("Laat de deelnemers nadenken over de vraag en hun antwoorden. Dit kunnen er meerdere zijn, "
                   "allemaal op eenzelfde kleur post-its. Plak ze in de cirkel en ga daarna in gesprek over deze "
                   "vraag."),
                 (_("Waar ben je tevreden over in de samenwerking?"), _("Waar ben je trots op in de samenwerking?"),
                  _("Wat zorgt ervoor dat het lukt?"), _("Met wie neem je als eerste contact op?"))),
    WorkshopStep(4, _("Wat kan beter?"),
                 _("Laat de deelnemers nadenken over de vraag en hun antwoorden. Dit kunnen er meerdere zijn, op "
                   "een volgende kleur post-its. Plak ze in de cirkel en ga daarna in gesprek over deze vraag."),
                 (_("Is het kind/leerling/ouder altijd bij een gesprek over het kind/leerling?"),
                  _("Wie mis je in het samenwerken rond de leerling?"),
                  _("Is de ondersteuning altijd gericht op de toekomst (of alleen op het hier en nu)?"),
                  _("Is de ondersteuning gericht op diverse leefgebieden (school, thuis, sportverenigingen etc.)"))),
    WorkshopStep(5, _("Wat is mijn verlangen"),
                 _("Laat de deelnemers opnieuw eerst zelf opschrijven hoe voor hen de ideale situatie er uit ziet. "
                   "Laat ze hun post-its (in weer een nieuwe kleur) plakken in de taart. En ga vervolgens in "
                   "gesprek."),
                 (_("Als je de samenwerking een cijfer moet geven, wat is er gewijzigd als dit met een punt zal "
                    "stijgen?"),)),
    WorkshopStep(6, _("Formuleer een gezamenlijk verlangen"),
                 _("Op basis van stap 4 proberen de deelnemers tot een gezamenlijk verlangen te komen. Hoe zou het "
                   "interprofessionele team er idealiter op de school voor hen uit zien?"),
                 (_("Wie zijn er betrokken?"), _("Hoe en wanneer werk je samen?"))),
    WorkshopStep(7, _("En nu"),
                 _("Wat wordt de eerste stap die nu gezet kan gaan worden en laat de deelnemers ook zelf formuleren "
                   "wat zij daarop gaan doen (iedereen is partner en kan dus een actie voor zichzelf formuleren)."),
                 (_("Wat is de eerste stap?"), _("Wat ga ik daarop doen?"))),
)
STEP_NUMBERS: tuple[int, ...] = tuple(step.number for step in WORKSHOP_STEPS)
FIRST_STEP, LAST_STEP = STEP_NUMBERS[0], STEP_NUMBERS[-1]
ACTION_STEP = LAST_STEP


def workshop_step(number: int) -> WorkshopStep:
    return WORKSHOP_STEPS[number - 1]
