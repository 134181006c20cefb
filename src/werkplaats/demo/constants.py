"""Fixed facts of the synthetic demo region: the Twente municipalities' places and neighbours, the 13 pilot
schools of seed 000/003, the family *Twente* of seed 003, the realistic mixes the generator draws from, and
the demo accounts. Everything here is fictitious except the municipalities and the pilot schools' names."""

from dataclasses import dataclass

# --- Municipalities (CBS codes as loaded by the organisations migrations) -----------------------------------

# code: (name, inhabitants in thousands (rounded, weight for where schools are), places, neighbours)
MUNICIPALITIES: dict[str, tuple[str, int, tuple[str, ...], tuple[str, ...]]] = {
    "GM0141": ("Almelo", 73, ("Almelo", "Aadorp", "Bornerbroek"), ("GM0189", "GM1700", "GM0183", "GM0147", "GM1735")),
    "GM0147": ("Borne", 24, ("Borne", "Hertme", "Zenderen"), ("GM0164", "GM0141", "GM0183", "GM1774", "GM1735")),
    "GM1774": ("Dinkelland", 26, ("Denekamp", "Ootmarsum", "Weerselo", "Rossum"),
               ("GM0183", "GM0173", "GM0168", "GM0147")),
    "GM0153": ("Enschede", 160, ("Enschede", "Glanerbrug", "Boekelo", "Lonneker"),
               ("GM0164", "GM0168", "GM0158", "GM0173")),
    "GM0158": ("Haaksbergen", 24, ("Haaksbergen", "Buurse", "Sint Isidorushoeve"), ("GM0153", "GM0164", "GM1735")),
    "GM0163": ("Hellendoorn", 36, ("Nijverdal", "Hellendoorn", "Haarle"), ("GM1700", "GM0189", "GM1742")),
    "GM0164": ("Hengelo", 81, ("Hengelo", "Beckum"), ("GM0153", "GM0147", "GM1735", "GM0158")),
    "GM1735": ("Hof van Twente", 35, ("Goor", "Delden", "Markelo", "Diepenheim", "Bentelo"),
               ("GM0164", "GM0147", "GM0141", "GM0189", "GM1742", "GM0158")),
    "GM0168": ("Losser", 23, ("Losser", "Overdinkel", "De Lutte", "Glane"), ("GM0153", "GM0173", "GM1774")),
    "GM0173": ("Oldenzaal", 32, ("Oldenzaal",), ("GM0168", "GM1774", "GM0153", "GM0147")),
    "GM1742": ("Rijssen-Holten", 38, ("Rijssen", "Holten"), ("GM0163", "GM0189", "GM1735")),
    "GM0183": ("Tubbergen", 21, ("Tubbergen", "Albergen", "Vasse", "Geesteren"),
               ("GM0141", "GM1700", "GM1774", "GM0147")),
    "GM1700": ("Twenterand", 34, ("Vriezenveen", "Vroomshoop", "Den Ham"), ("GM0141", "GM0183", "GM0163", "GM0189")),
    "GM0189": ("Wierden", 25, ("Wierden", "Enter"), ("GM0141", "GM1700", "GM0163", "GM1742", "GM1735")),
}

# The police basic teams (and the areas where local youth-care providers work) cover these municipalities.
AREAS: dict[str, tuple[str, ...]] = {
    "Enschede": ("GM0153", "GM0158"),
    "Hengelo": ("GM0164", "GM0147", "GM1735"),
    "Twente-Noord": ("GM0141", "GM0189", "GM1700", "GM0163", "GM1742"),
    "Noordoost-Twente": ("GM0173", "GM0168", "GM1774", "GM0183"),
}

# --- School types -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TypeProfile:
    """How a school type is drawn: share of the generated locations, size (triangular low/high/mode), the
    share of its pupils living in the school's own municipality, and its youth-care indication share."""

    weight: float
    size: tuple[int, int, int]
    local_share: float
    indication_share: tuple[float, float]
    care_intensive: bool = False


TYPE_PROFILES: dict[str, TypeProfile] = {
    "PO": TypeProfile(60, (100, 500, 100), 0.9, (0.04, 0.15)),
    "IKC": TypeProfile(6, (100, 500, 160), 0.9, (0.04, 0.15)),
    "KDV": TypeProfile(50, (30, 120, 45), 0.9, (0.01, 0.04)),
    "SBO": TypeProfile(2.5, (80, 250, 120), 0.6, (0.40, 0.92), care_intensive=True),
    "SO": TypeProfile(2, (80, 250, 110), 0.5, (0.40, 0.92), care_intensive=True),
    "VO": TypeProfile(8, (600, 2000, 700), 0.7, (0.04, 0.15)),
    "VSO": TypeProfile(1.5, (100, 400, 180), 0.5, (0.40, 0.92), care_intensive=True),
    "PRO": TypeProfile(1.2, (100, 400, 200), 0.6, (0.30, 0.65)),
    "MBO": TypeProfile(1.3, (600, 2000, 800), 0.5, (0.04, 0.10)),
}
PO_SECTOR_TYPES = ("PO", "SBO", "SO", "IKC")  # samenwerkingsverband PO 23-01 / 23-02
VO_SECTOR_TYPES = ("VO", "VSO", "PRO")  # samenwerkingsverband VO 23-01 / 23-02
REGIONAL_TYPES = ("VO", "VSO", "SO", "PRO", "MBO")  # located mostly in the larger towns

# Weight of the grades within a school type: PO-like schools count in groepen, the others in years.
PO_GROUP_WEIGHTS = {"PO": (1, 1, 1, 1, 1, 1, 1, 1), "IKC": (1, 1, 1, 1, 1, 1, 1, 1),
                    "SBO": (0.3, 0.5, 0.8, 1, 1, 1.1, 1.2, 1.2), "SO": (1, 1, 1, 1, 1, 1, 1, 1)}
YEAR_WEIGHTS = {"VO": (1, 1, 1, 1, 0.6, 0.25), "VSO": (1, 1, 1, 1, 0.8, 0.5), "PRO": (1, 1, 1, 0.9, 0.6),
                "MBO": (1, 0.9, 0.7, 0.35)}
CLASS_SIZE = {"VO": 27, "VSO": 12, "PRO": 16, "MBO": 24}
MBO_PROGRAMMES = ("Kapper", "Verzorgende IG", "Pedagogisch medewerker", "Mediavormgever", "Logistiek medewerker",
                  "Monteur mechatronica", "Helpende zorg en welzijn", "Ondernemer detailhandel", "Kok",
                  "Sport en bewegen")
KDV_GROUPS = ((1, "babygroep"), (2, "dreumesgroep"), (5, "peutergroep"))  # (below this age in years, group)

# --- Names (fictitious) ---------------------------------------------------------------------------------------

PO_NAMES = (
    "De Regenboog", "Het Kompas", "De Wegwijzer", "De Zonnewijzer", "Sint Jozef", "Sint Plechelmus", "De Bongerd",
    "'t Palet", "De Vlinder", "De Esch", "De Bolster", "Het Mozaïek", "De Springplank", "De Sterrenwachter",
    "Het Lichtpunt", "De Klimop", "De Wilgen", "De Toermalijn", "Het Ravelijn", "De Wonderboom", "De Kameleon",
    "De Zevensprong", "Het Baken", "De Vlonder", "De Eekhorst", "Het Drieluik", "De Meander", "Het Kristal",
    "De Tweemaster", "De Horizon", "Prinses Beatrix", "Koningin Juliana", "Prins Claus", "De Driehoek",
    "Het Talent", "De Kubus", "Het Noorderlicht", "De Marke", "De Holtkamp", "De Veldkamp", "De Berkel",
    "De Dinkel", "De Regge", "Het Schateiland", "De Akkerhof", "De Boomgaard", "Het Anker", "De Morgenster",
    "Sint Bonifatius", "Sint Willibrordus", "De Ontdekking", "De Vonder", "Het Octaaf", "De Spiegel",
)
SBO_NAMES = ("SBO De Sprong", "SBO Het Speelwerk", "SBO De Vlieger", "SBO De Zonnebloem", "SBO Het Startpunt",
             "SBO De Wissel", "SBO De Steiger", "SBO Het Kleurrijk")
SO_NAMES = ("SO De Stapsteen", "SO De Brug", "SO De Triangel", "SO De Zonnehof", "SO De Kleine Prins",
            "SO Het Vlot", "SO De Kompaan", "SO De Linde-Hof")
VSO_NAMES = ("VSO Het Anker", "VSO De Brug", "VSO De Triangel", "VSO Het Baken", "VSO De Zonnehof",
             "VSO De Koers", "VSO Het Perspectief", "VSO De Overstap")
VO_WORDS = ("Dinkel", "Regge", "Lemelerberg", "Tankenberg", "Twickel", "Esch", "Marke", "Berkel", "Buurse",
            "Haarle", "Borkeld", "Springendal", "Lutterzand", "Sallandse Heuvelrug", "Hulsbeek", "Boddenkamp")
VO_PATTERNS = ("{word} College", "Het {word} Lyceum", "Scholengemeenschap {word}", "Het {word}college")
PRO_NAMES = ("Praktijkschool De Twentse Poort", "Praktijkschool Het Werkhuis", "Praktijkschool De Stek",
             "Praktijkschool Het Ambacht", "Praktijkschool De Opstap")
MBO_NAME = "Regio College Twente"
KDV_NAMES = ("De Boomhut", "'t Kabouterhuis", "De Rakkers", "Ukkepuk", "De Kleine Beer", "Het Speelhuis",
             "De Peuterhoek", "Zonnestraal", "De Kikkerpoel", "Het Vogelnest", "De Speeltuin", "Klein Duimpje",
             "De Knuffelbeer", "Het Zonnetje", "De Hummeltjes")
PROVIDER_PATTERNS = ("{name} Jeugdhulp", "Praktijk {name}", "Stichting {name} Zorg", "{name} Kind en Gezin",
                     "Orthopedagogenpraktijk {name}", "{name} Jeugd-ggz", "Zorgboerderij De {name}hoeve",
                     "{name} Ambulante Begeleiding")
BOARD_PATTERNS = {
    "PO": ("Stichting Katholiek Primair Onderwijs {area}", "Stichting Openbaar Primair Onderwijs {area}",
           "Stichting Christelijk Basisonderwijs {area}", "Stichting Samen Leren {area}"),
    "VO": ("Stichting Voortgezet Onderwijs {area}", "Vereniging Christelijk Voortgezet Onderwijs {area}"),
    "SO": ("Stichting Speciaal Onderwijs Twente",),
    "MBO": ("Stichting Regio College Twente",),
}

# --- Pilot schools (seed 000 "Deelnemende pilotscholen"; Erasmus from seed 003 §1.2) -------------------------


@dataclass(frozen=True)
class PilotSchool:
    code: str  # clearly fictitious BRIN: 9P + number, vestiging 00
    name: str
    type: str
    municipality: str
    size: int  # nominal number of pupils, scaled down for small demo regions


PILOT_SCHOOLS = (
    PilotSchool("9P0100", "Pax Christi – Overdinkel", "PO", "GM0168", 180),
    PilotSchool("9P0200", "De Step – Almelo", "PO", "GM0141", 260),
    PilotSchool("9P0300", "De Troubadour – Glanerbrug", "PO", "GM0153", 220),
    PilotSchool("9P0400", "De Wendakker/de Linde – Oldenzaal", "PO", "GM0173", 340),
    PilotSchool("9P0500", "De Akkerwal – Wierden", "PO", "GM0189", 200),
    PilotSchool("9P0600", "De Akker – Hengelo", "PO", "GM0164", 310),
    PilotSchool("9P0700", "De Peppel – Hellendoorn", "PO", "GM0163", 240),
    PilotSchool("9P0800", "De Fontein – Twenterand", "PO", "GM1700", 190),
    PilotSchool("9P0900", "Pius X – Almelo", "VO", "GM0141", 1500),
    PilotSchool("9P1000", "Reggesteyn – Rijssen", "VO", "GM1742", 1700),
    PilotSchool("9P1100", "Waerdenborch – Hof van Twente", "VO", "GM1735", 1400),
    PilotSchool("9P1200", "Het Stedelijk – Enschede", "VO", "GM0153", 1100),
    PilotSchool("9P1300", "Erasmus – Almelo", "PRO", "GM0141", 260),
)
DE_AKKER = "9P0600"
HET_STEDELIJK = "9P1200"
# The family Twente's childcare and vocational school (fictitious, always generated, in Hengelo).
TWENTE_KDV = PilotSchool("9K0100", "Kinderdagverblijf De Boomhut – Hengelo", "KDV", "GM0164", 70)
TWENTE_MBO = PilotSchool("9M0100", f"{MBO_NAME} – Hengelo", "MBO", "GM0164", 1200)

# --- The family Twente (seed 003 §1.2): a large family with four children, living in Hengelo ---------------

TWENTE_FAMILY_KEY = "demo-familie-twente"
TWENTE_HOME = "GM0164"
TWENTE_PARENTS = (("Marieke", "Twente"), ("Erik", "Twente"))
# (given name, age today, school code, possible grades in order of preference): Sara (groep 1) came from the
# day-care centre, Bas is in groep 4, Tina has been in the brugklas for half a year, Lotte is at the MBO.
TWENTE_CHILDREN = (
    ("Sara", 4, DE_AKKER, (1,)),
    ("Bas", 7, DE_AKKER, (4,)),
    ("Tina", 13, HET_STEDELIJK, (1, 2)),
    ("Lotte", 17, TWENTE_MBO.code, (2, 1)),
)
TWENTE_MBO_PROGRAMME = "Kapper"  # Lotte: "Kappersopleiding op het MBO"

# --- Organisations around the schools (fictitious names) ------------------------------------------------------

JGZ_NAME = "GGD Twente – Jeugdgezondheidszorg"
KNOWLEDGE_CENTRE_NAME = "Kennispunt Twente"
PROGRAMME_NAME = "Twentse Transformatie – programmabureau onderwijs-zorg"
# Per municipality: (key prefix, organisation kind, name pattern) — each with `municipality` set.
MUNICIPAL_ORGANISATIONS = (
    ("gemeente", "municipality", "Gemeente {name}"),
    ("leerplicht", "compulsory_education", "Leerplicht {name}"),
    ("wijkteam", "district_team", "Wijkteam {name}"),
    ("welzijn", "welfare", "Welzijn {name}"),
    ("jongerenwerk", "youth_work", "Jongerenwerk {name}"),
    ("poh", "gp_support", "Praktijkondersteuning jeugd huisartsen {name}"),
)

# --- Youth-care indications ----------------------------------------------------------------------------------

# Referrer shares (iJw COD327) as in the regional monitor: municipality ~45%, GP ~30%, youth doctor ~10%.
REFERRER_SHARES = (("gemeente", 45), ("huisarts", 30), ("jeugdarts", 10), ("gi", 6), ("medisch_specialist", 5),
                   ("rechter", 2), ("zelfverwijzer", 2))
# iJw product categories (JZ020) with weights for regular and care-intensive schools, and a monthly rate (euro).
PRODUCTS = (
    # code, weight regular, weight care-intensive, monthly rate
    ("45", 40, 25, 650), ("54", 15, 12, 900), ("41", 4, 20, 2200), ("50", 8, 15, 1400), ("51", 7, 3, 450),
    ("52", 6, 8, 1300), ("40", 2, 5, 500), ("42", 1, 6, 350), ("43", 2, 2, 7500), ("44", 2, 1, 5200),
    ("46", 1, 1, 4000), ("53", 1, 1, 600), ("48", 0, 0, 900), ("47", 0, 0, 800),
)
PRODUCT_BY_REFERRER = {"gi": "48", "rechter": "47"}  # child protection and juvenile probation orders
INDICATIONS_PER_PUPIL = ((1, 65), (2, 25), (3, 10))
MAX_PROVIDERS_PER_SCHOOL = 69  # the regional monitor shows 1 to 69 providers per school location

# Citizen service numbers for tests: 999900006–999999990, of which those passing the 11-test (about 9,100).
BSN_TEST_RANGE = (999900006, 999999990)

# --- Demo accounts ---------------------------------------------------------------------------------------------

# One password for every demo account (shown in ACCOUNTS.md and README.md; demo mode only).
DEMO_PASSWORD = "werkplaats-demo"  # noqa: S105 - a documented demo password, never used outside demo mode
DEMO_DEVICE_NAME = "demo"
ADMIN_GROUP_NAME = "Functioneel beheer"
# Django admin permissions of the functional admin: users, memberships, organisations and schools.
ADMIN_PERMISSIONS = (
    ("accounts", "user", ("add", "change", "view")),
    ("accounts", "membership", ("add", "change", "delete", "view")),
    ("organisations", "organisation", ("add", "change", "view")),
    ("organisations", "school", ("add", "change", "view")),
    ("organisations", "municipality", ("view",)),
    ("organisations", "partnership", ("view",)),
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    role: str
    where: str  # a school code, or an organisation key of the generator
    sees: str  # what the account is for, in the accounts table
    groups: tuple[str, ...] = ()
    is_staff: bool = False


# Organisation keys of the generator that demo accounts use.
ORG_JGZ = "jgz"
ORG_KNOWLEDGE_CENTRE = "kennispunt"
ORG_PROGRAMME = "programma"


def municipal_org_key(prefix: str, code: str) -> str:
    return f"{prefix}-{code}"


def municipality_org_key(code: str) -> str:
    return municipal_org_key("gemeente", code)


def welfare_org_key(code: str) -> str:
    return municipal_org_key("welzijn", code)


DEMO_ACCOUNTS = (
    DemoAccount("leerkracht", "Anne", "Wolters", "teacher", DE_AKKER,
                "alleen de leerlingen van groep 4 (o.a. Bas Twente)", groups=("groep 4",)),
    DemoAccount("ib", "Marloes", "ten Have", "care_coordinator", DE_AKKER,
                "alle leerlingen van De Akker (o.a. Sara en Bas Twente)"),
    DemoAccount("orthopedagoog", "Jasper", "Nijhuis", "educational_psychologist", DE_AKKER,
                "alle leerlingen van De Akker"),
    DemoAccount("jgz", "Sanne", "Oude Luttikhuis", "youth_health", ORG_JGZ,
                "de leerlingen van alle scholen: de JGZ werkt op elke school"),
    DemoAccount("smw", "Fleur", "Brinkman", "school_social_worker", welfare_org_key("GM0164"),
                "de leerlingen van de scholen in Hengelo waar Welzijn Hengelo werkt"),
    DemoAccount("jeugdregisseur", "Thijs", "Kampman", "youth_director", municipality_org_key("GM0164"),
                "de leerlingen van de scholen in Hengelo"),
    DemoAccount("leerplicht", "Ilse", "Morsink", "attendance_officer", municipality_org_key("GM0164"),
                "de leerlingen die in Hengelo wonen, op welke school ook (o.a. de familie Twente)"),
    DemoAccount("procesbegeleider", "Ruben", "Scholten", "process_facilitator", ORG_PROGRAMME,
                "de leerlingen van de pilotscholen, waar het programma werkt"),
    DemoAccount("beleid", "Yvonne", "Hofstede", "policy_adviser", municipality_org_key("GM0153"),
                "alleen geaggregeerde cijfers, geen leerlingen"),
    DemoAccount("analist", "Daan", "Lubbers", "analyst", ORG_KNOWLEDGE_CENTRE,
                "de regionale monitor: alleen geaggregeerde cijfers, geen leerlingen"),
    DemoAccount("privacy", "Esther", "Pierik", "privacy_officer", ORG_PROGRAMME,
                "het inzagelogboek en de leerlingen van de pilotscholen, waar het programma werkt"),
    DemoAccount("beheer", "Gerrit", "Smelt", "functional_admin", ORG_PROGRAMME,
                "het beheerscherm (/beheer/): gebruikers, lidmaatschappen, organisaties, scholen; geen leerlingen",
                is_staff=True),
)

# People of the demo's story without a login (no password, no second factor): the day-care centre that hands
# Sara over, and the GP practice support who helps Bas (seed 003 §2.4).
STORY_CHILDCARE_WORKER = "demo-kdv-coordinator"
STORY_GP_SUPPORT = "demo-praktijkondersteuner"
STORY_PEOPLE = (
    DemoAccount(STORY_CHILDCARE_WORKER, "Petra", "Lammers", "care_coordinator", TWENTE_KDV.code,
                "de overdracht van Sara naar De Akker"),
    DemoAccount(STORY_GP_SUPPORT, "Nicole", "ter Horst", "youth_health", "poh-GM0164",
                "Bas spelenderwijs ondersteunen bij zijn gedrag"),
)
