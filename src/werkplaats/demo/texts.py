"""What the people of the demo's story write: the team's composition and agreements, minutes, signals,
consultations, plans and handovers at De Akker, after the examples of seed 003 (Bas §2.4, Sara §2.2 and
§3.4, appendices D and E). Fictitious, in the professionals' own Dutch; minutes and agendas name no pupils."""

from dataclasses import dataclass

from werkplaats.cases.models import Consultation, Evaluation
from werkplaats.teams.models import AgendaItem, Team, TeamAgreement

CORE = Team.Layer.CORE
WIDER = Team.Layer.WIDER
STEERING = Team.Layer.STEERING
Topic = TeamAgreement.Topic
Kind = AgendaItem.Kind


@dataclass(frozen=True)
class StakeholderText:
    name: str
    function: str
    layer: str = ""
    username: str = ""
    organisation: str = ""  # an organisation key of story._organisations; empty: the school itself
    is_contact_person: bool = False
    is_manager: bool = False
    phone: str = ""
    email: str = ""


# §3.1: who is involved around De Akker (internal and external, with the managers), then the three layers.
STAKEHOLDERS = (
    StakeholderText(
        "Marloes ten Have",
        "intern begeleider (voorzitter kernteam)",
        CORE,
        "ib",
        is_contact_person=True,
        phone="074 255 10 20",
    ),
    StakeholderText("Jasper Nijhuis", "orthopedagoog", CORE, "orthopedagoog"),
    StakeholderText(
        "Sanne Oude Luttikhuis",
        "jeugdverpleegkundige",
        CORE,
        "jgz",
        "jgz",
        is_contact_person=True,
        phone="088 000 11 22",
    ),
    StakeholderText(
        "Thijs Kampman", "jeugdregisseur", CORE, "jeugdregisseur", "gemeente-GM0164", is_contact_person=True
    ),
    StakeholderText(
        "Fleur Brinkman", "schoolmaatschappelijk werker", CORE, "smw", "welzijn-GM0164", is_contact_person=True
    ),
    StakeholderText(
        "Nicole ter Horst",
        "praktijkondersteuner jeugd (huisarts)",
        WIDER,
        "demo-praktijkondersteuner",
        "poh-GM0164",
        is_contact_person=True,
    ),
    StakeholderText("Ilse Morsink", "leerplichtambtenaar", WIDER, "leerplicht", "gemeente-GM0164"),
    StakeholderText(
        "Kees Wolbers",
        "wijkagent",
        WIDER,
        organisation="politie",
        is_contact_person=True,
        email="wijkagent.hengelo-noord@example.org",
    ),
    StakeholderText(
        "Ayla Demir", "wijkcoach", WIDER, organisation="wijkteam-GM0164", is_contact_person=True, phone="074 245 00 00"
    ),
    StakeholderText(
        "Ruben Scholten",
        "procesbegeleider Twentse Transformatie",
        STEERING,
        "procesbegeleider",
        "programma",
        is_contact_person=True,
    ),
    StakeholderText("Hanneke Bosch", "directeur De Akker", STEERING, is_manager=True),
    StakeholderText("Gert-Jan Paus", "teamleider JGZ Hengelo", STEERING, organisation="jgz", is_manager=True),
    StakeholderText(
        "Miriam Veldhuis",
        "beleidsadviseur jeugd en onderwijs",
        STEERING,
        organisation="gemeente-GM0164",
        is_manager=True,
    ),
    StakeholderText("Anne Wolters", "leerkracht groep 4", username="leerkracht"),
    StakeholderText(
        "Els Ruiter",
        "pedagogisch coördinator Kinderdagverblijf De Boomhut",
        organisation="kinderopvang",
        is_contact_person=True,
        phone="074 250 30 40",
    ),
)

CORE_ROOM = "Teamkamer De Akker"
WIDER_ROOM = "Aula De Akker"

# §3.4, the first version (recorded by the IB'er when the team was composed).
AGREEMENTS = {
    Topic.CHAIR: "De intern begeleider zit het kernteam voor. Bij afwezigheid neemt de orthopedagoog het over.",
    Topic.PREPARATION: "De voorzitter zet de agenda een week van tevoren klaar. Wie een signaal of casus inbrengt, "
    "bereidt het agendapunt voor met de vier vragen van de consultatie.",
    Topic.FREQUENCY: "Kernteam vier keer per schooljaar, breder team twee keer, stuurgroep twee keer. Tussendoor "
    "een kernteam-spoedoverleg (online) als iemand zich zorgen maakt.",
    Topic.WAY_OF_MEETING: "We beginnen bij de inhoud: concrete signalen en casussen. Ouders zijn partner en worden "
    "vooraf gevraagd wat zij willen delen; we evalueren elk overleg in vijf minuten.",
    Topic.FIXED_ITEMS: "De vier vaste punten van bijlage D: zorgen en signalen, nieuwe instromers, ontwikkelingen in "
    "de samenwerking, en wie we de volgende keer op de lege stoel uitnodigen. Daarnaast "
    "openstaande acties en schoolaanwezigheid.",
    Topic.ATTENDANCE: "Het kernteam is compleet met IB, orthopedagoog, JGZ, jeugdregisseur en SMW. Wie niet kan, "
    "stuurt een vervanger uit de eigen organisatie en meldt dat bij de voorzitter.",
    Topic.MINUTES: "De voorzitter legt per agendapunt het verslag, de besluiten en de acties (met eigenaar en "
    "datum) vast in Werkplaats. Namen van leerlingen staan alleen in de casus, niet in het verslag.",
    Topic.TASK_DIVISION: "De regiehouder is het vaste aanspreekpunt voor ouders. De IB houdt het overzicht over alle "
    "signalen; de jeugdregisseur is de lijn naar specialistische jeugdhulp.",
    Topic.SUPPORT_PLAN: "Bij een casus schrijven we één plan met de regie in 7 samenwerkingsstappen, samen met "
    "ouders en waar het kan met het kind. Alle leefgebieden tellen mee.",
    Topic.CONTACT_PERSONS: "Elke organisatie rond de school heeft één aanspreekpunt in de contactlijst van het team.",
    Topic.PARENTS: "Ouders vertellen hun verhaal één keer. De regiehouder staat naast hen; zij houden de regie.",
    Topic.HANDOVERS: "Van kinderopvang naar groep 1 en van groep 8 naar het VO dragen we warm over, met toestemming "
    "van ouders en een check-in na zes weken.",
    Topic.PERSONAL_DATA: "We delen alleen wat nodig is, met toestemming van ouders (en vanaf 12 jaar ook van het "
    "kind), volgens bijlage I. Wie wat inzag, staat in het inzagelogboek.",
}
# The second version of two topics, after the first meeting (recorded by the process facilitator).
AGREEMENTS_REVISED = {
    Topic.FREQUENCY: "Kernteam zes keer per schooljaar (besloten in het eerste overleg: vier keer is te weinig om "
    "signalen op tijd te bespreken), breder team twee keer, stuurgroep twee keer. Tussendoor een "
    "kernteam-spoedoverleg (online, vroeg in de ochtend of laat in de middag).",
    Topic.FIXED_ITEMS: "De vier vaste punten van bijlage D, openstaande acties en schoolaanwezigheid. Nieuw: elke "
    "keer kijken we of we iemand op de lege stoel uitnodigen, bijvoorbeeld de leerplichtambtenaar "
    "als het verzuim in een groep stijgt.",
}

ZERO_TITLE = "Nulmeting IPT De Akker"
SECOND_TITLE = "Tweede meting IPT De Akker"

SUBSTITUTE = "Rik Hendriks, schoolmaatschappelijk werker (Welzijn Hengelo)"

# Minutes per fixed agenda item of the three past core meetings (no names of pupils).
MINUTES_FIRST = {
    Kind.OPEN_ACTIONS: "Eerste overleg in deze samenstelling: nog geen openstaande acties.",
    Kind.CONCERNS: "Twee signalen besproken met de vier vragen (zie de agendapunten per signaal).",
    Kind.NEW_PUPILS: "Drie nieuwe leerlingen in groep 1; één kwam met een warme overdracht van de kinderopvang. "
    "De check-in staat gepland.",
    Kind.ATTENDANCE: "Het verzuim is laag. Afgesproken: de IB kijkt elke maand naar de leerlingen in niveau 2.",
    Kind.COLLABORATION: "Kennismaking: ieder vertelt wat de eigen functie inhoudt en wat de anderen kunnen "
    "verwachten. De nulmeting loopt nog; de procesbegeleider bespreekt de uitkomst in de "
    "stuurgroep.",
    Kind.EMPTY_CHAIR: "Volgende keer niemand op de lege stoel; in het tweede overleg eventueel de wijkcoach.",
}
MINUTES_SECOND = {
    Kind.OPEN_ACTIONS: "Klassenafspraken groep 4 zijn gedeeld (afgerond). De contactlijst is bijna compleet.",
    Kind.CONCERNS: "Twee nieuwe signalen, één van de leerkracht van groep 4 via de IB. Beide besproken met de vier "
    "vragen.",
    Kind.NEW_PUPILS: "Geen nieuwe instromers.",
    Kind.ATTENDANCE: "In groep 7 stijgt het ongeoorloofd verzuim van één leerling. De IB houdt het in de gaten.",
    Kind.COLLABORATION: "De uitkomst van de nulmeting besproken: we kennen elkaar beter, maar mandaat en de "
    "aanspreekpunten van organisaties zijn nog niet helder voor iedereen.",
    Kind.EMPTY_CHAIR: "Voor een volgend overleg denken we aan de leerplichtambtenaar (verzuim groep 7).",
}
MINUTES_THIRD = {
    Kind.OPEN_ACTIONS: "De actie van de jeugdverpleegkundige is afgerond; de aanpak op het plein loopt.",
    Kind.CONCERNS: "Geen nieuwe signalen besproken; de evaluatie van een lopende casus staat apart op de agenda.",
    Kind.NEW_PUPILS: "Eén nieuwe leerling in groep 6 (verhuisd uit Borne); de IB vraagt de oude school om een "
    "overdracht.",
    Kind.ATTENDANCE: "Het verzuim in groep 7 is verder gestegen. We nodigen de leerplichtambtenaar uit op de lege "
    "stoel van het volgende overleg.",
    Kind.COLLABORATION: "De praktijkondersteuner van de huisarts is vaker op school. Ze sluit aan bij het bredere "
    "team en waar nodig bij een casus.",
    Kind.EMPTY_CHAIR: "Volgende keer de leerplichtambtenaar, met als doel: de aanpak van verzuim in niveau 2 en 3.",
}

DECISIONS = {
    0: (
        "Het kernteam vergadert voortaan zes keer per schooljaar.",
        "Signalen van leerkrachten komen via de IB op de agenda; bij spoed plant de IB een kernteam-spoedoverleg.",
    ),
    1: (
        "Voor het signaal over gedrag in groep 4 wordt een casus geopend; de jeugdverpleegkundige wordt "
        "regiehouder. De IB en de jeugdverpleegkundige gaan morgen in gesprek met ouders.",
    ),
    2: ("De aanpak op het plein gaat door; de praktijkondersteuner van de huisarts sluit aan bij de casus.",),
}
# Per meeting: (owner, action, due in weeks, key for later steps).
MEETING_ACTIONS = {
    0: (
        (
            "leerkracht",
            "Klassenafspraken voor het plein met groep 4 maken en delen met het kernteam.",
            2,
            "teacher_action",
        ),
        ("jeugdregisseur", "De contactlijst van het team aanvullen met de aanspreekpunten van de gemeente.", 4, ""),
        ("smw", "Een groepsaanbod weerbaarheid voor groep 5 en 6 uitwerken.", 12, ""),
    ),
    1: (("procesbegeleider", "De taart van ambities voorbereiden voor het bredere team.", 8, ""),),
    2: (
        (
            "leerkracht",
            "Met groep 4 de klassenafspraken evalueren en de uitkomst meenemen naar het volgende overleg.",
            3,
            "",
        ),
        ("orthopedagoog", "Een observatie in groep 4 doen tijdens de pauzes.", 4, ""),
    ),
}

MINUTES_WIDER_ACTIONS = "Geen openstaande acties voor het bredere team."
WIDER_ITEMS = (
    (
        Kind.PREVENTION,
        "Preventiematrix",
        "Met de preventiematrix van het NJi het aanbod in kaart gebracht: veel "
        "aanbod rond gezonde leefstijl, weinig rond weerbaarheid in de middenbouw.",
    ),
    (
        Kind.SCHOOL,
        "Schoolprofiel uit de monitor",
        "Het schoolprofiel van Kennispunt Twente besproken: relatief veel "
        "jeugdhulp bij leerlingen in de bovenbouw, vooral ambulant. Vraag aan het kernteam: wat kan preventief?",
    ),
)
DECISION_WIDER = "Het bredere team werkt een groepsaanbod weerbaarheid voor de middenbouw uit, met welzijn en JGZ."

GUEST_PURPOSE = "Het stijgende verzuim in groep 7 bespreken en samen de aanpak voor niveau 2 en 3 afspreken."

# Signals: (what is seen in school, what is known outside school).
SIGNAL_BAS = (
    "Bas maakt de laatste tijd veel ruzie met andere kinderen op het schoolplein. Af en toe slaat en schopt hij "
    "klasgenoten. Hij wordt hiervoor bestraft, maar het gedrag houdt aan.",
    "Ik heb het met ouders besproken. Zij vinden het heel vervelend maar herkennen dit thuis niet. Ouders geven aan "
    "dat ze misschien niet zoveel oog hebben voor Bas, want de ziekenhuisbezoeken van moeder vragen veel aandacht.",
)
SIGNAL_SARA = (
    "Sara heeft het naar haar zin in groep 1 en lijkt een goede start te maken. Speelafspraken maken lukt haar niet; "
    "ze staat regelmatig alleen op het schoolplein. Individuele opdrachtjes gaan heel goed, samenwerken doet ze "
    "liever niet.",
    "Bij de overdracht vertelde de kinderopvang dat nieuwe situaties haar stress geven.",
)
SIGNAL_CASE_PUPIL = (
    "Deze leerling trekt zich de laatste weken terug, huilt soms in de klas en wil in de pauze binnen blijven.",
    "Moeder vertelt dat het thuis onrustig is sinds de scheiding.",
)
SIGNAL_LEARNING = (
    "De leesontwikkeling stagneert sinds de zomer, terwijl rekenen goed gaat.",
    "",
)
SIGNAL_HOME = (
    "Deze leerling komt vaak zonder ontbijt en met vuile kleren op school.",
    "Het gezin heeft schulden; de wijkcoach is betrokken bij vader.",
)
SIGNAL_CLASS = (
    ("Duwt en scheldt in de rij en op het plein, vooral na de pauze.", "Ouders zien thuis weinig bijzonders."),
    ("Reageert fel als iets niet lukt en gooit dan met spullen.", ""),
)
PREPARATION_SARA = (
    "IB en leerkracht hebben met ouders gesproken: ze willen de jeugdverpleegkundige uitnodigen om samen op school "
    "in gesprek te gaan, zodat ouders maar één keer hun verhaal hoeven te vertellen."
)


@dataclass(frozen=True)
class ConsultationText:
    already_started: str
    active: tuple[str, ...]
    roles: str
    wisdom: tuple[tuple[str, str], ...]
    minutes: str
    outcome: str
    advice: str = ""


CONSULT_BAS = ConsultationText(
    already_started="De leerkracht heeft met ouders gesproken. Straffen helpt niet: het gedrag houdt aan.",
    active=("jgz",),
    roles="De jeugdverpleegkundige gaat met de IB in gesprek met ouders, leerkracht en kind, en wordt regiehouder.",
    wisdom=(
        (
            "jgz",
            "Het gedrag op school kan te maken hebben met de zorgen thuis rond moeder. Eerst met ouders en Bas "
            "in gesprek, dan samen een aanpak kiezen.",
        ),
        (
            "orthopedagoog",
            "In plaats van bestraffen: de leerkracht ondersteunt meteen bij lastig gedrag (time-in), "
            "met een vast rustig plekje in de klas.",
        ),
    ),
    minutes="Consultatie met de vier vragen. Het gedrag kan samenhangen met de situatie thuis. Besloten: casus "
    "openen met de jeugdverpleegkundige als regiehouder; gesprek met ouders, leerkracht en kind.",
    outcome=Consultation.Outcome.CASE,
)
CONSULT_CASE_PUPIL = ConsultationText(
    already_started="De leerkracht heeft een gesprek gehad met moeder en biedt een vast maatje in de pauze.",
    active=("smw",),
    roles="De schoolmaatschappelijk werker neemt contact op met moeder en wordt regiehouder.",
    wisdom=(
        ("smw", "Kinderen in een scheiding hebben baat bij een paar gesprekken op school, in een groepje of alleen."),
    ),
    minutes="Consultatie met de vier vragen. Besloten: casus openen met de schoolmaatschappelijk werker als "
    "regiehouder.",
    outcome=Consultation.Outcome.CASE,
)
CONSULT_LEARNING = ConsultationText(
    already_started="Extra leesbegeleiding in de klas sinds vier weken; de toets laat al groei zien.",
    active=(),
    roles="",
    wisdom=(
        (
            "orthopedagoog",
            "De groei is voldoende. Over zes weken opnieuw toetsen; geen verdere actie van het kernteam nodig.",
        ),
    ),
    minutes="Consultatie met de vier vragen. De begeleiding in de klas werkt; geen verdere actie.",
    outcome=Consultation.Outcome.NO_ACTION,
)
CONSULT_HOME = ConsultationText(
    already_started="De wijkcoach helpt vader met de schulden.",
    active=("jeugdregisseur",),
    roles="De jeugdregisseur stemt af met de wijkcoach.",
    wisdom=(
        ("jeugdregisseur", "Via de wijkcoach kan het gezin gebruikmaken van het ontbijtproject en de kledingbank."),
    ),
    minutes="Consultatie met de vier vragen. Advies aan de leerkracht; de jeugdregisseur stemt af met de wijkcoach.",
    outcome=Consultation.Outcome.ADVICE,
    advice="Bied het ontbijt op school aan en bespreek met vader het ontbijtproject en de kledingbank van de "
    "wijkcoach. Meld het opnieuw als het na zes weken niet beter gaat.",
)

ROLE_NURSE = "jeugdverpleegkundige, regiehouder"
ROLE_SMW = "schoolmaatschappelijk werker, regiehouder"
ROLE_TEACHER = "leerkracht groep 4"
ROLE_GP_SUPPORT = "praktijkondersteuner jeugd van de huisarts"

CONSENT_NOTE_BAS = "Gegeven in het gesprek op school met de IB en de jeugdverpleegkundige; formulier getekend."
CONSENT_NOTE_BAS_CORE = "Ouders vinden het goed dat het kernteam van De Akker de casus bespreekt."
CONSENT_NOTE_CASE_PUPIL = "Moeder gaf toestemming in een telefoongesprek met de IB."
CONSENT_NOTE_SARA = "Ouders tekenden het overdrachtsformulier van de kinderopvang."

STORY_BAS = (
    "We schrikken ervan dat Bas op school slaat en schopt; thuis zien we dat niet. Het is druk bij ons: mama moet "
    "vaak naar het ziekenhuis en dan is er minder tijd voor de kinderen. We willen graag meedenken.",
    "Bas: “Ze pakken altijd de bal af. Dan word ik boos. Ik wil gewoon meedoen.”",
)
STORY_CASE_PUPIL = (
    "Moeder: sinds de scheiding is het onrustig thuis; ze ziet dat haar kind stiller is geworden.",
    "“Ik vind het stom dat papa weg is. In de pauze wil ik liever binnen blijven.”",
)

PLAN_NOTE_FIRST = "Eerste versie, samen met ouders opgesteld; ouders hebben een kopie gekregen."
PLAN_NOTE_SECOND = "Na de evaluatie: de praktijkondersteuner sluit aan."

PLAN_BAS = {
    0: (
        {
            "q1": "Ouders (Marieke en Erik Twente), Bas, de leerkracht van groep 4, de IB en de jeugdverpleegkundige "
            "(regiehouder).",
            "q2": "Ingevuld met ouders en de leerkracht; ouders hebben een kopie gekregen.",
        },
        False,
    ),
    1: (
        {
            "q1": "Ruzie op het plein, slaan en schoppen. Straffen helpt niet.",
            "q2": "Het gedrag houdt aan en kan samenhangen met de zorgen thuis rond moeder.",
        },
        False,
    ),
    2: (
        {
            "q1": "Ouders, leerkracht, JGZ (dossier jeugdgezondheidszorg).",
            "q2": "Wat ouders en leerkracht zien is bekend en gedeeld; het JGZ-dossier blijft bij de JGZ.",
            "q3": "De jeugdverpleegkundige vraagt ouders hoe het thuis gaat rond de ziekenhuisbezoeken.",
        },
        False,
    ),
    3: (
        {
            "q1": "Bas speelt weer mee op het plein zonder te slaan of te schoppen. Ouders, school en JGZ zijn het "
            "hierover eens.",
            "q2": "De leerkracht, ouders thuis, en de jeugdverpleegkundige.",
        },
        False,
    ),
    4: (
        {
            "q1": "Geen straf meer maar direct ondersteunen bij lastig gedrag; thuis een vast moment met Bas.",
            "q2": "Leerkracht: time-in op het plein. Ouders: elke dag tien minuten samen spelen. Jeugdverpleegkundige: "
            "gesprek met moeder over steun thuis. De jeugdverpleegkundige houdt de regie.",
            "q3": "Mogelijk extra steun voor Bas zelf; dat bekijken we bij de evaluatie.",
        },
        True,
    ),
    5: (
        {
            "q1": "Ouders beslissen over hulp thuis. Bij een crisis rond moeder belt de school de "
            "jeugdverpleegkundige.",
            "q2": "Ja, besproken met ouders.",
        },
        True,
    ),
}
PLAN_BAS_AFTER_EVALUATION = {
    6: (
        {
            "q1": "Grotendeels: de aanpak op het plein helpt, thuis lukt het vaste moment nog niet elke dag.",
            "q2": "Deels. Minder ruzie, maar als het druk is gaat het nog mis.",
            "q3": "Vader vindt dat Bas op school te veel aandacht krijgt voor zijn gedrag; de leerkracht niet.",
            "q4": "Erbij: de praktijkondersteuner van de huisarts oefent spelenderwijs met Bas.",
        },
        False,
    ),
    7: (
        {
            "q1": "Over zes weken evalueren we opnieuw in het kernteam.",
            "q2": "Ouders kunnen de jeugdverpleegkundige altijd bellen; de leerkracht meldt het bij de IB.",
        },
        True,
    ),
}
PLAN_CASE_PUPIL = {
    0: (
        {
            "q1": "Moeder, de leerling, de leerkracht, de IB en de schoolmaatschappelijk werker (regiehouder).",
            "q2": "Moeder en de schoolmaatschappelijk werker.",
        },
        False,
    ),
    3: (
        {
            "q1": "De leerling voelt zich weer veilig in de klas en speelt buiten in de pauze.",
            "q2": "Moeder, de leerkracht en de schoolmaatschappelijk werker.",
        },
        False,
    ),
    4: (
        {
            "q1": "Vijf gesprekken op school met de schoolmaatschappelijk werker.",
            "q2": "De schoolmaatschappelijk werker plant de gesprekken; de leerkracht regelt een maatje in de pauze.",
        },
        False,
    ),
}
ACTION_CASE_PUPIL = "Vijf gesprekken op school houden en daarna met moeder evalueren."
CLOSING_CASE_PUPIL = "De gesprekken hebben geholpen: de leerling speelt weer buiten. Moeder weet de school te vinden."

ACTION_BAS_TEACHER = "Bas direct ondersteunen bij lastig gedrag op het plein (time-in in plaats van straf)."
ACTION_BAS_NURSE = "Gesprek met moeder over steun thuis tijdens de ziekenhuisbezoeken."
ACTION_BAS_SUPPORT = "Wekelijks spelenderwijs met Bas oefenen hoe hij zijn boosheid omzet."
ACTION_BAS_TEACHER_OPEN = "Na elke pauze kort met Bas terugkijken en wat goed ging aan ouders doorgeven."

EVALUATION_BAS = {
    "right_agreements": "Grotendeels. De aanpak op het plein werkt; thuis lukt het vaste moment nog niet elke dag.",
    "progress": Evaluation.Progress.PARTLY,
    "progress_note": "Naast de gewenste situatie (stap 3): minder ruzie, maar als het druk is gaat het nog mis.",
    "add_or_remove": "Erbij: de praktijkondersteuner van de huisarts, die op school oefent met Bas.",
    "dissenting_opinions": "Vader vindt dat Bas op school te veel aandacht krijgt voor zijn gedrag; de leerkracht "
    "ziet dat de aandacht juist helpt.",
}
MINUTES_BAS_EVALUATION = "Evaluatie van de casus (stap 6): deels op weg. De praktijkondersteuner sluit aan."

HANDOVER_WEEKS = 6
HANDOVER_SARA = (
    "Sara vindt het lastig om met nieuwe situaties om te gaan; veranderingen geven haar stress. Wat helpt: vooraf "
    "vertellen wat er gaat gebeuren, een vaste plek en een vast maatje. Ze doet graag opdrachtjes alleen."
)
CHECK_IN_SARA = (
    "Sara heeft het naar haar zin in groep 1 en maakt een goede start. Samen spelen is nog lastig; de leerkracht "
    "houdt het in de gaten."
)
