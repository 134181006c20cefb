"""The fixed texts of the seeds: the four consultation questions (appendix D) and the questions of
*regie in 7 samenwerkingsstappen* (appendix E), word for word, with a plain-Dutch title per step for the
parents' copy of the plan."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Appendix D, "In het IPW kan ook voor consultatie worden gebruikt".
CONSULTATION_QUESTIONS: tuple[Promise, ...] = (
    _("wat zijn signalen (binnen, maar ook buiten de school)"),
    _("wat is al in gang gezet (met welk resultaat)"),
    _("wat is wijsheid (bundelen expertise)"),
    _("wie uit het kernteam kan een actieve rol in deze casus vervullen?"),
)


@dataclass(frozen=True)
class Question:
    key: str
    text: Promise
    hint: Promise | None = None


@dataclass(frozen=True)
class PlanStep:
    number: int
    title: Promise
    plain_title: Promise
    questions: tuple[Question, ...]
    hint: Promise | None = None


# Appendix E, "Handreiking: regie in 7 samenwerkingsstappen".
PLAN_INTRO = _("Leg alle stappen / afspraken samen vast in een document. Gebruik hierbij een duidelijke "
               "tijdsplanning. Zijn er voorlopige afspraken? Vermeld dit erbij. Is het lastig om de samenwerking te "
               "beginnen of kan er geen consensus worden bereikt? Leg het proces vast en kijk naar voorliggende "
               "mogelijkheden van opschaling.")

PLAN_STEPS: tuple[PlanStep, ...] = (
    PlanStep(0, _("Stap 0. Betrokkenen en start"), _("Wie doen er mee?"), (
        Question("q1", _("Wie zijn de betrokkenen bij de casus?")),
        Question("q2", _("Welke betrokkenen hebben de handreiking samen ingevuld en hebben een kopie ontvangen?")),
    )),
    PlanStep(1, _("Stap 1. Signaleren en starten"), _("Waarom extra hulp?"), (
        Question("q1", _("Welke signalen zijn er?")),
        Question("q2", _("Waarom vinden we dat er hulpverlening of aanvullende hulpverlening moet starten?")),
    )),
    PlanStep(2, _("Stap 2. Informatie verzamelen"), _("Wat weten we al?"), (
        Question("q1", _("Welke informatiebronnen zijn er rond dit gezin?")),
        Question("q2", _("Welke informatie is er al? En is deze toegankelijk?")),
        Question("q3", _("Hoe komen we aan ontbrekende informatie die belangrijk is voor dit plan?")),
    )),
    PlanStep(3, _("Stap 3. Gewenste situatie vaststellen"), _("Waar willen we samen naartoe?"), (
        Question("q1", _("Wat is de gewenste situatie voor het gezin en is hier consensus over onder de "
                         "betrokkenen?")),
        Question("q2", _("Wat en wie is er voor nodig om daaraan mee te werken?")),
    )),
    PlanStep(4, _("Stap 4. Praktisch inhoudelijke afspraken"), _("Wat gaan we doen, en wie doet wat?"), (
        Question("q1", _("Wat gaan we doen?")),
        Question("q2", _("Wie doet wat en wanneer? (waar neemt wie regie over?)")),
        Question("q3", _("Wie of wat missen we nog om de gewenste situatie (stap 3) te bereiken?")),
    ), hint=_("Is het lastig deze stap in te vullen? Bespreek dan eerst stap 5 en ga daarna terug naar stap 4.")),
    PlanStep(5, _("Stap 5. Overstijgende procesafspraken"), _("Wie beslist waarover, ook als het misgaat?"), (
        Question("q1", _("Bespreek met elkaar wie waarover mag bepalen. Wie is waarvoor verantwoordelijk in het hier "
                         "en nu en in toekomstige situaties (denk ook aan eventuele toekomstige crisissituaties).")),
        Question("q2", _("Hulpvraag: is het voor de cliënt duidelijk wie waarvoor verantwoordelijk is?")),
    )),
    PlanStep(6, _("Stap 6. Evaluatie"), _("Hoe gaat het?"), (
        Question("q1", _("Hebben we de goede afspraken gemaakt?")),
        Question("q2", _("Maken we stappen richting de gewenste situatie?"),
                 hint=_("Het is van belang om gedurende een casus, en niet enkel bij afsluiting, te toetsen met "
                        "elkaar of je de goede afspraken hebt gemaakt en dit naast je geformuleerde gewenste "
                        "situatie (stap 3) legt.")),
        Question("q3", _("Afwijkende meningen"), hint=_("Afwijkende meningen hier graag concreet vermelden.")),
        Question("q4", _("Wat kan erbij? Wat kan eraf?")),
    )),
    PlanStep(7, _("Stap 7. Besluiten en plannen"), _("Hoe gaan we verder?"), (
        Question("q1", _("Hoe gaan we verder in de toekomst? Hoe volg je het proces (of de voortgang) en welke "
                         "samenwerkingsafspraken zijn hiervoor nodig?")),
        Question("q2", _("Hoe vind je elkaar weer als het nodig is?")),
    )),
)

STEP_NUMBERS = tuple(step.number for step in PLAN_STEPS)


def plan_step(number: int) -> PlanStep:
    return PLAN_STEPS[number]
