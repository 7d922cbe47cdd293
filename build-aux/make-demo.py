#!/usr/bin/env python3
"""Build the Gigafibre Ops demo workspace in resources/demo/.

Writes customers, contacts, service locations, equipment, subscriptions,
invoices, technicians, dispatch jobs, tickets, message threads and skill
tags as JSON files, plus a short README. The output is identical on every
run. Regenerate with:

    python3 build-aux/make-demo.py
"""

import json
import math
import os
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
import random

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "resources", "demo")

rng = random.Random(20261122)

LAT_MIN, LAT_MAX = 45.2005, 45.4195
LON_MIN, LON_MAX = -73.3995, -73.1005
NOW = 10 * 60 + 30          # "now" on day 0, used to stage today's jobs
MSG_CUTOFF = 11 * 60        # no message on day 0 is later than this

# --------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------

FEMALE = [
    "Marie-Ève", "Geneviève", "Mélanie", "Hélène", "Josée", "Chloé", "Léa",
    "Zoé", "Noémie", "Annie", "Isabelle", "Catherine", "Amélie", "Nathalie",
    "Manon", "Ginette", "Julie", "Sophie", "Véronique", "Caroline", "Karine",
    "Valérie", "Audrey", "Émilie", "Louise", "Diane", "Sylvie", "Francine",
    "Marie-Claude", "Andrée", "Rosalie", "Camille", "Maude", "Jacinthe",
    "Élise", "Lucie", "Danielle", "Marianne", "Ariane", "Stéphanie",
]
MALE = [
    "Jean-François", "Stéphane", "Frédéric", "Benoît", "Émile", "Étienne",
    "Mathieu", "Sébastien", "Luc", "Olivier", "Gabriel", "Félix", "Sylvain",
    "Réjean", "Patrick", "Yves", "Alain", "Denis", "Guy", "Éric", "François",
    "Pierre-Luc", "Marc-André", "Jacques", "Normand", "Gilles", "Mario",
    "Simon", "Maxime", "Alexandre", "Louis", "Raymond", "Jérôme", "Dominic",
    "Hugo", "Samuel", "William", "Thomas", "Antoine", "Michel", "Daniel",
]
SURNAMES = [
    "Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin",
    "Lavoie", "Fortin", "Gagné", "Ouellet", "Pelletier", "Bélanger",
    "Lévesque", "Bergeron", "Leblanc", "Paquette", "Girard", "Simard",
    "Boucher", "Caron", "Beaulieu", "Cloutier", "Dubé", "Poirier", "Fournier",
    "Lapointe", "Leclerc", "Lefebvre", "Poulin", "Thibault", "St-Pierre",
    "Nadeau", "Martin", "Landry", "Martel", "Bédard", "Grenier", "Lessard",
    "Bernier", "Richard", "Michaud", "Hébert", "Desjardins", "Beaulé",
    "Vachon", "Allard", "Champagne", "Brodeur", "Boisvert", "Charbonneau",
    "Demers", "Daigle", "Lemieux", "Fontaine", "Picard", "Rioux", "Gosselin",
    "Guérin", "Langlois", "Duval", "Asselin", "Lachance", "Brunelle",
    "Larocque", "Provost", "Choinière", "Ménard", "Robillard", "Chagnon",
]
EN_FEMALE = ["Sarah", "Jennifer", "Emily", "Megan", "Heather", "Laura",
             "Karen", "Rebecca", "Amanda", "Rachel"]
EN_MALE = ["David", "Michael", "Kevin", "Ryan", "Andrew", "Scott", "Brian",
           "Jason", "Matthew", "Christopher"]
EN_SURNAMES = ["Smith", "O'Connor", "MacDonald", "Campbell", "Ryan",
               "Johnston", "Whitehead", "Miller", "Wilson", "Murphy",
               "Kennedy", "Brown", "Stewart", "Fraser"]

# name, e-mail slug, town, owner surname (or None)
COMPANIES = [
    ("Boulangerie Richelieu inc.", "boulangerierichelieu", "Saint-Jean-sur-Richelieu", None),
    ("Garage Côté & Fils", "garagecote", "Iberville", "Côté"),
    ("Clinique dentaire du Vieux-Saint-Jean", "dentairevieuxsaintjean", "Saint-Jean-sur-Richelieu", None),
    ("Quincaillerie Iberville", "quincaillerieiberville", "Iberville", None),
    ("Dépanneur du Séminaire", "depanneurduseminaire", "Saint-Jean-sur-Richelieu", None),
    ("Ferme Lessard et Fils", "fermelessard", "Sainte-Brigide-d'Iberville", "Lessard"),
    ("Érablière du Mont", "erablieredumont", "Mont-Saint-Grégoire", None),
    ("Pharmacie Gagnon et Roy", "pharmaciegagnonroy", "Saint-Luc", "Gagnon"),
    ("Lapointe CPA inc.", "lapointecpa", "Saint-Jean-sur-Richelieu", "Lapointe"),
    ("Salon Chez Josée", "salonchezjosee", "L'Acadie", None),
    ("Restaurant Le Vieux Canal", "levieuxcanal", "Saint-Jean-sur-Richelieu", None),
    ("Vignoble du Mont-Saint-Grégoire", "vignoblemsg", "Mont-Saint-Grégoire", None),
    ("Girard Notaires", "girardnotaires", "Saint-Jean-sur-Richelieu", "Girard"),
    ("Clinique vétérinaire Saint-Luc", "veterinairesaintluc", "Saint-Luc", None),
    ("Toitures Bergeron inc.", "toituresbergeron", "Saint-Luc", "Bergeron"),
    ("Transport Fortin ltée", "transportfortin", "Saint-Alexandre", "Fortin"),
    ("Imprimerie du Haut-Richelieu", "imprimeriehautrichelieu", "Saint-Jean-sur-Richelieu", None),
    ("CPE Les Petits Mousses", "cpepetitsmousses", "Iberville", None),
    ("Pâtisserie L'Acadienne", "patisserielacadienne", "L'Acadie", None),
    ("Atelier mécanique Poulin", "mecaniquepoulin", "Saint-Blaise-sur-Richelieu", "Poulin"),
    ("Électricité Nadeau inc.", "electricitenadeau", "Saint-Jean-sur-Richelieu", "Nadeau"),
    ("Plomberie Thibault", "plomberiethibault", "Iberville", "Thibault"),
    ("Microbrasserie du Canal", "microducanal", "Saint-Jean-sur-Richelieu", None),
    ("Fromagerie Henryville", "fromageriehenryville", "Henryville", None),
    ("Serres Lévesque", "serreslevesque", "Saint-Valentin", "Lévesque"),
    ("Cidrerie Michaud", "cidreriemichaud", "Mont-Saint-Grégoire", "Michaud"),
    ("Ébénisterie Martel", "ebenisteriemartel", "Sainte-Brigide-d'Iberville", "Martel"),
    ("Physio Richelieu", "physiorichelieu", "Saint-Jean-sur-Richelieu", None),
    ("Assurances Bélanger", "assurancesbelanger", "Saint-Luc", "Bélanger"),
    ("Librairie Le Signet", "librairielesignet", "Saint-Jean-sur-Richelieu", None),
    ("Centre équestre Saint-Blaise", "equestresaintblaise", "Saint-Blaise-sur-Richelieu", None),
    ("Marché Champlain", "marchechamplain", "Saint-Jean-sur-Richelieu", None),
]

TOWNS = [
    {"name": "Saint-Jean-sur-Richelieu", "box": (45.287, 45.328, -73.292, -73.252),
     "w": 40, "fsa": ["J3B", "J3B", "J3A"], "postal": None,
     "olt": ["OLT-SJSR-01", "OLT-SJSR-02", "OLT-SJSR-03"],
     "streets": ["rue Champlain", "boulevard du Séminaire Nord",
                 "boulevard du Séminaire Sud", "rue Saint-Jacques",
                 "rue Richelieu", "rue Jacques-Cartier Nord",
                 "rue Jacques-Cartier Sud", "rue Longueuil", "rue Saint-Charles",
                 "rue Laurier", "boulevard Gouin", "rue Foch", "rue Frontenac",
                 "rue Collin", "rue Bouthillier", "rue Dorchester",
                 "rue Saint-Georges", "rue Notre-Dame", "rue Pierre-Caisse",
                 "avenue Conrad-Gosselin", "rue de Carignan",
                 "boulevard Industriel", "rue Saint-Louis"]},
    {"name": "Iberville", "box": (45.296, 45.324, -73.246, -73.222),
     "w": 14, "fsa": ["J2X"], "postal": None, "olt": ["OLT-IBV-01"],
     "streets": ["boulevard d'Iberville", "rue Mercier", "1re Rue",
                 "4e Avenue", "rue Moreau", "rue Langevin", "rue Jean-Talon",
                 "rue Napoléon"]},
    {"name": "Saint-Luc", "box": (45.340, 45.372, -73.322, -73.280),
     "w": 15, "fsa": ["J2W"], "postal": None,
     "olt": ["OLT-STL-01", "OLT-STL-02"],
     "streets": ["boulevard Saint-Luc", "chemin des Vieux-Moulins",
                 "chemin du Grand-Bernier Nord", "rue Bernier",
                 "rue des Carrières", "rue Lucille-Teasdale",
                 "rue Saint-Gérard", "rue Alexandre", "rue des Pins"]},
    {"name": "L'Acadie", "box": (45.277, 45.303, -73.350, -73.312),
     "w": 7, "fsa": ["J2Y"], "postal": None, "olt": ["OLT-ACD-01"],
     "streets": ["chemin du Clocher", "route 219", "rang Sainte-Thérèse",
                 "chemin du Grand-Bernier Sud", "rue des Cerisiers"]},
    {"name": "Mont-Saint-Grégoire", "box": (45.323, 45.348, -73.184, -73.146),
     "w": 5, "fsa": None, "postal": "J0J 1K0", "olt": ["OLT-MSG-01"],
     "streets": ["rang de la Montagne", "chemin du Sous-Bois", "rang du Sud",
                 "rue Principale", "rang Sainte-Marie"]},
    {"name": "Sainte-Brigide-d'Iberville", "box": (45.306, 45.330, -73.124, -73.101),
     "w": 4, "fsa": None, "postal": "J0J 1X0", "olt": ["OLT-MSG-01"],
     "streets": ["rue Principale", "rang Sud", "chemin de la Grande-Ligne",
                 "rang Saint-Joseph"]},
    {"name": "Saint-Alexandre", "box": (45.222, 45.245, -73.136, -73.101),
     "w": 4, "fsa": None, "postal": "J0J 1S0", "olt": ["OLT-MSG-01"],
     "streets": ["rue Saint-Denis", "rang Kempt", "rue Principale",
                 "rang Sainte-Anne"]},
    {"name": "Henryville", "box": (45.201, 45.216, -73.200, -73.165),
     "w": 3, "fsa": None, "postal": "J0J 1E0", "olt": ["OLT-SBL-01"],
     "streets": ["rue de l'Église", "route 133", "rang Bord-de-l'Eau",
                 "rue Champlain"]},
    {"name": "Saint-Blaise-sur-Richelieu", "box": (45.205, 45.231, -73.300, -73.268),
     "w": 4, "fsa": None, "postal": "J0J 1W0", "olt": ["OLT-SBL-01"],
     "streets": ["rue Principale", "route 223", "rang Saint-Georges",
                 "rue des Érables"]},
    {"name": "Saint-Valentin", "box": (45.201, 45.216, -73.336, -73.300),
     "w": 3, "fsa": None, "postal": "J0J 2E0", "olt": ["OLT-SBL-01"],
     "streets": ["chemin de la 4e Ligne", "chemin de la 1re Ligne",
                 "chemin de la Grande-Ligne", "rue de l'Église"]},
]
TOWN_BY_NAME = {t["name"]: t for t in TOWNS}

CUSTOMER_NOTES = [
    "Chien dans la cour, sonner deux fois.",
    "Préfère être contacté par SMS.",
    "Travaille de nuit, éviter les appels avant midi.",
    "Accès par la porte de côté.",
    "Boîtier extérieur derrière la haie de cèdres.",
    "Client malentendant, privilégier le courriel.",
    "Entrée de garage souvent bloquée, se stationner dans la rue.",
    "Télétravail : prévenir 24 h avant toute intervention.",
    "Immeuble avec code d'accès, demander au concierge.",
    "Demande toujours une facture papier.",
    "Chat d'intérieur, garder les portes fermées.",
    "Sous-sol non fini, prévoir une lampe frontale.",
]
COMPANY_NOTES = [
    "Ouvert du lundi au vendredi, 8 h à 17 h.",
    "Contacter le gérant avant toute coupure de service.",
    "Baie de brassage au sous-sol, clé à la réception.",
    "Terminal de paiement branché sur le réseau : éviter les coupures aux heures d'ouverture.",
]

AGENTS = [
    ("Julie", "Gendron", "julie.gendron@gigafibre.ca"),
    ("Marc", "Ouellette", "marc.ouellette@gigafibre.ca"),
    ("Sophie", "Bergeron", "sophie.bergeron@gigafibre.ca"),
]
SUPPORT_EMAIL = "support@gigafibre.ca"

SKILLS = ["Fibre", "Installation", "Épissure", "Wi-Fi", "Câblage",
          "Téléphonie", "Télé", "Commercial", "Nacelle"]
SKILL_COLORS = ["#3584e4", "#33d17a", "#ff7800", "#2190a4", "#986a44",
                "#9141ac", "#e01b24", "#f6d32d", "#6f8396"]

TECHS = [
    ("Stéphane", "Tremblay", ["Fibre", "Installation", "Épissure", "Câblage", "Nacelle"], "07:30", "16:00"),
    ("Mélanie", "Gagnon", ["Fibre", "Installation", "Wi-Fi", "Télé", "Téléphonie"], "08:00", "16:30"),
    ("Jean-François", "Côté", ["Fibre", "Épissure", "Nacelle"], "07:30", "16:00"),
    ("Benoît", "Lavoie", ["Fibre", "Installation", "Wi-Fi", "Câblage"], "08:00", "17:00"),
    ("Josée", "Pelletier", ["Installation", "Wi-Fi", "Téléphonie", "Télé", "Commercial"], "08:00", "16:30"),
    ("Frédéric", "Bergeron", ["Fibre", "Installation", "Épissure", "Câblage", "Commercial"], "07:30", "16:00"),
    ("Mathieu", "Girard", ["Fibre", "Installation", "Wi-Fi"], "08:00", "16:30"),
    ("Sébastien", "Caron", ["Fibre", "Épissure", "Câblage", "Nacelle"], "07:30", "16:00"),
    ("Annie", "Cloutier", ["Installation", "Wi-Fi", "Téléphonie", "Télé"], "08:00", "16:00"),
    ("Olivier", "Fournier", ["Fibre", "Installation", "Câblage", "Wi-Fi"], "07:30", "16:30"),
    ("Catherine", "Leclerc", ["Fibre", "Installation", "Wi-Fi", "Commercial"], "08:00", "17:00"),
    ("Gabriel", "Thibault", ["Fibre", "Installation", "Épissure", "Wi-Fi"], "07:30", "16:00"),
    ("Réjean", "Lessard", ["Fibre", "Épissure", "Câblage", "Nacelle", "Téléphonie"], "07:30", "16:00"),
    ("Noémie", "Hébert", ["Fibre", "Installation", "Wi-Fi", "Télé"], "08:00", "16:30"),
]
TECH_COLORS = ["#3584e4", "#33d17a", "#f6d32d", "#ff7800", "#e01b24",
               "#9141ac", "#986a44", "#2190a4", "#d56199", "#6f8396",
               "#1a5fb4", "#26a269", "#613583", "#a51d2d"]

PLANS = {
    "Fibre 100": 55.00, "Fibre 500": 75.00, "Fibre 1000": 95.00,
    "Fibre 3000": 130.00, "Téléphonie IP": 15.00, "Télé Essentiel": 35.00,
}
PLAN_SPEED = {"Fibre 100": 100, "Fibre 500": 500, "Fibre 1000": 940, "Fibre 3000": 2350}
TAX = Decimal("1.14975")

EXCH_450 = ["346", "347", "348", "349", "357", "358", "359", "376", "515",
            "540", "741", "895", "992", "291", "294", "246", "299", "400"]
EXCH_579 = ["200", "308", "324", "343", "373", "380", "476", "484", "721"]
EXCH_MOBILE = ["207", "212", "298", "434", "582", "609", "712", "755",
               "808", "893", "924", "966"]

# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def fold(text):
    """ASCII-fold and lowercase for e-mail local parts and slugs."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    out = []
    for c in s:
        if c.isalnum() and c.isascii():
            out.append(c)
        elif c in " -":
            out.append("-")
    return "".join(out).strip("-")


def weighted(pairs):
    total = sum(w for _, w in pairs)
    r = rng.random() * total
    for value, w in pairs:
        r -= w
        if r < 0:
            return value
    return pairs[-1][0]


def hm(s):
    h, m = s.split(":")
    return int(h) * 60 + int(m)


def fmt_hm(m):
    return "%02d:%02d" % (m // 60, m % 60)


def fr_time(m):
    h, mi = divmod(m, 60)
    return "%d h %02d" % (h, mi) if mi else "%d h" % h


def money_fr(d):
    return ("%.2f" % float(d)).replace(".", ",") + " $"


def clamp(v, lo, hi):
    return max(lo, min(hi, v))


def e164(phone):
    digits = "".join(c for c in phone if c.isdigit())
    if len(digits) == 10:
        digits = "1" + digits
    return "+" + digits


USED_PHONES = set()


def new_phone(kind="home"):
    while True:
        if kind == "mobile":
            area = weighted([("514", 3), ("438", 2), ("450", 3), ("579", 2)])
            exch = rng.choice(EXCH_MOBILE)
            line = "%04d" % rng.randrange(0, 10000)
        else:
            area = weighted([("450", 3), ("579", 1)])
            if rng.random() < 0.10:
                exch = "555"
                line = "01%02d" % rng.randrange(0, 100)
            else:
                exch = rng.choice(EXCH_450 if area == "450" else EXCH_579)
                line = "%04d" % rng.randrange(0, 10000)
        number = "%s-%s-%s" % (area, exch, line)
        if number not in USED_PHONES:
            USED_PHONES.add(number)
            return number


def display_phone(number):
    """Canonical form most of the time, other common forms for ~15%."""
    r = rng.random()
    if r < 0.08:
        a, b, c = number.split("-")
        return "(%s) %s-%s" % (a, b, c)
    if r < 0.15:
        return e164(number)
    return number


USED_EMAILS = set()


def unique_email(local, domain):
    candidate = "%s@%s" % (local, domain)
    n = 2
    while candidate in USED_EMAILS:
        candidate = "%s%d@%s" % (local, n, domain)
        n += 1
    USED_EMAILS.add(candidate)
    return candidate


def person_email(first, last, domain=None):
    if domain is None:
        domain = weighted([("videotron.ca", 5), ("gmail.com", 6), ("hotmail.com", 4),
                           ("outlook.com", 2), ("bell.net", 2), ("cooptel.qc.ca", 1)])
    local = "%s.%s" % (fold(first), fold(last).replace("'", ""))
    return unique_email(local, domain)


# --------------------------------------------------------------------------
# Geography
# --------------------------------------------------------------------------

RURAL_WORDS = ("rang ", "chemin ", "route ")
STREET_GEO = {}
for _town in TOWNS:
    lat0, lat1, lon0, lon1 = _town["box"]
    for _street in _town["streets"]:
        rural = _town["postal"] is not None or _street.startswith(RURAL_WORDS)
        angle = rng.uniform(0, math.pi)
        length = 0.010 if rural else 0.0035
        pool = []
        if _town["fsa"]:
            fsa = rng.choice(_town["fsa"])
            for _ in range(3):
                pool.append("%s %d%s%d" % (fsa, rng.randrange(1, 10),
                                           rng.choice("ABCEGHJKLMNPRSTVWXYZ"),
                                           rng.randrange(0, 10)))
        STREET_GEO[(_town["name"], _street)] = {
            "lat": rng.uniform(lat0, lat1), "lon": rng.uniform(lon0, lon1),
            "dlat": math.sin(angle) * length, "dlon": math.cos(angle) * length * 1.4,
            "rural": rural, "postal": pool,
        }

USED_ADDRESSES = set()


def new_address(town_name, apartment=False):
    town = TOWN_BY_NAME[town_name]
    while True:
        street = rng.choice(town["streets"])
        geo = STREET_GEO[(town_name, street)]
        if geo["rural"] and not street.startswith("rue "):
            civic = rng.randrange(100, 3500)
        elif street.startswith("boulevard"):
            civic = rng.randrange(10, 2000)
        else:
            civic = rng.randrange(10, 1000)
        line = "%d, %s" % (civic, street)
        if apartment:
            line += ", app. %d" % rng.choice([1, 2, 3, 4, 101, 102, 103, 201, 202, 203, 204, 301, 302])
        if line in USED_ADDRESSES:
            continue
        USED_ADDRESSES.add(line)
        t = rng.uniform(-1, 1)
        lat = geo["lat"] + t * geo["dlat"] + rng.gauss(0, 0.0004)
        lon = geo["lon"] + t * geo["dlon"] + rng.gauss(0, 0.0005)
        lat = round(clamp(lat, LAT_MIN, LAT_MAX), 6)
        lon = round(clamp(lon, LON_MIN, LON_MAX), 6)
        postal = town["postal"] or rng.choice(geo["postal"])
        return line, lat, lon, postal


def random_point(town_name):
    lat0, lat1, lon0, lon1 = TOWN_BY_NAME[town_name]["box"]
    return (round(rng.uniform(lat0, lat1), 6), round(rng.uniform(lon0, lon1), 6))


def pick_town():
    return weighted([(t["name"], t["w"]) for t in TOWNS])


# --------------------------------------------------------------------------
# Technicians
# --------------------------------------------------------------------------

technicians = []
for i, (first, last, skills, ws, we) in enumerate(TECHS):
    home_town = weighted([(t["name"], t["w"]) for t in TOWNS[:6]])
    lat, lon = random_point(home_town)
    technicians.append({
        "name": "TECH-%02d" % (i + 1),
        "full_name": "%s %s" % (first, last),
        "phone": new_phone("mobile"),
        "email": "%s.%s@gigafibre.ca" % (fold(first), fold(last)),
        "skills": [s for s in SKILLS if s in skills],
        "home_latitude": lat,
        "home_longitude": lon,
        "color": TECH_COLORS[i],
        "work_start": ws,
        "work_end": we,
    })
TECH_BY_NAME = {t["name"]: t for t in technicians}

# --------------------------------------------------------------------------
# Customers and contacts
# --------------------------------------------------------------------------

N_CUSTOMERS = 320
statuses = ["active"] * 272 + ["suspended"] * 16 + ["prospect"] * 16 + ["cancelled"] * 16
rng.shuffle(statuses)
if statuses[0] != "active":
    j = statuses.index("active")
    statuses[0], statuses[j] = statuses[j], statuses[0]

company_slots = sorted(rng.sample(range(1, N_CUSTOMERS), len(COMPANIES)))
company_order = list(range(len(COMPANIES)))
rng.shuffle(company_order)
company_at = {slot: COMPANIES[company_order[k]] for k, slot in enumerate(company_slots)}

customers = []
contacts = []
CUST = {}          # name -> internal record
used_names = set()


def new_person(english=False):
    female = rng.random() < 0.5
    if english and rng.random() < 0.7:
        first = rng.choice(EN_FEMALE if female else EN_MALE)
        last = rng.choice(EN_SURNAMES)
    else:
        first = rng.choice(FEMALE if female else MALE)
        last = rng.choice(SURNAMES)
    return first, last, female


for i in range(N_CUSTOMERS):
    name = "C%04d" % (i + 1)
    status = statuses[i]
    company = company_at.get(i)
    language = "en" if (rng.random() < 0.10 and company is None and i != 0) else "fr"
    if i == 0:
        first, last, female = "Marie-Ève", "Beaulé", True
        display = "Marie-Ève Beaulé"
    elif company:
        display = company[0]
        first, last, female = new_person()
        if company[3]:
            last = company[3]
    else:
        while True:
            first, last, female = new_person(language == "en")
            display = "%s %s" % (first, last)
            if display not in used_names:
                break
    used_names.add(display)

    if status == "prospect":
        since = rng.randrange(-60, -9)
    elif status == "cancelled":
        since = rng.randrange(-3650, -400)
    else:
        since = rng.randrange(-3650, -9)
    if i == 0:
        since = -1487

    note = ""
    if i != 0 and rng.random() < 0.20:
        note = rng.choice(COMPANY_NOTES if company else CUSTOMER_NOTES)

    rec = {
        "name": name, "customer_name": display,
        "customer_type": "Company" if company else "Individual",
        "status": status, "flags": [], "notes": note, "language": language,
        "since_day": since,
        "_company": company, "_first": first, "_last": last, "_female": female,
        "_locs": [], "_contacts": [], "_subs": [],
    }
    customers.append(rec)
    CUST[name] = rec

# Flags: most customers have none, about 15 % have one or two.
payment_issue = [c for c in customers if c["status"] == "suspended"][:9]
payment_issue += rng.sample([c for c in customers[1:] if c["status"] == "active"], 4)
for c in payment_issue:
    c["flags"].append("payment_issue")
    c["since_day"] = min(c["since_day"], rng.randrange(-3000, -120))
for c in customers[1:]:
    if c["flags"] or rng.random() > (0.35 if c["_company"] else 0.10):
        continue
    options = [("vip", 3), ("fragile_line", 3), ("do_not_call", 2)]
    if c["_company"]:
        options.append(("business_sla", 8))
    first_flag = weighted(options)
    c["flags"].append(first_flag)
    if rng.random() < 0.2:
        rest = [o for o in options if o[0] != first_flag]
        c["flags"].append(weighted(rest))
for c in customers:
    c["flags"] = [f for f in ["vip", "payment_issue", "fragile_line", "business_sla", "do_not_call"]
                  if f in c["flags"]]

contact_seq = 0


def add_contact(cust, first, last, primary, phone=None):
    global contact_seq
    contact_seq += 1
    name = "CONT-%05d" % contact_seq
    canonical = phone or new_phone()
    shown = canonical if phone else display_phone(canonical)
    mobile = "" if rng.random() < 0.6 else new_phone("mobile")
    company = cust["_company"]
    if cust["name"] == "C0001":
        email = unique_email("marie-eve.beaule", "videotron.ca")
    elif company and primary:
        email = unique_email("info", company[1] + ".ca")
    elif company:
        email = person_email(first, last, company[1] + ".ca")
    else:
        email = person_email(first, last)
    rec = {"name": name, "customer": cust["name"], "first_name": first,
           "last_name": last, "phone": shown, "mobile": mobile, "email": email,
           "is_primary": primary, "_phone": canonical}
    contacts.append(rec)
    cust["_contacts"].append(rec)
    return rec


for c in customers:
    if c["name"] == "C0001":
        add_contact(c, "Marie-Ève", "Beaulé", True, phone="514-555-0142")
    else:
        add_contact(c, c["_first"], c["_last"], True)
    if c["name"] != "C0001" and rng.random() < 0.25:
        english = c["language"] == "en"
        first, last, _ = new_person(english)
        if not c["_company"] and rng.random() < 0.6:
            last = c["_last"]
        while first == c["_first"]:
            first, _, _ = new_person(english)
        add_contact(c, first, last, False)

# --------------------------------------------------------------------------
# Locations
# --------------------------------------------------------------------------

locations = []
LOC = {}
olt_used = set()


def olt_port(town_name):
    olts = TOWN_BY_NAME[town_name]["olt"]
    while True:
        port = "%s 1/%d/%d:%d" % (rng.choice(olts), rng.randrange(1, 3),
                                  rng.randrange(1, 17), rng.randrange(1, 65))
        if port not in olt_used:
            olt_used.add(port)
            return port


def add_location(cust, town_name, status, conn=None):
    company = cust["_company"]
    if conn is None:
        if company:
            conn = weighted([("FTTH", 6), ("FTTB", 4)])
        elif status == "pending":
            conn = "FTTH"
        else:
            conn = weighted([("FTTH", 75), ("FTTB", 11), ("Cable", 7), ("DSL", 7)])
    if conn == "FTTB" and TOWN_BY_NAME[town_name]["postal"]:
        conn = "FTTH"
    apartment = conn == "FTTB" and not company
    line, lat, lon, postal = new_address(town_name, apartment)
    fibre = conn in ("FTTH", "FTTB")
    port = olt_port(town_name) if fibre and status != "disconnected" else ""
    vlan = 0
    if port:
        vlan = 210 if company else 110
    rec = {
        "name": "LOC-%05d" % (len(locations) + 1), "customer": cust["name"],
        "address_line": line, "city": town_name, "province": "QC",
        "postal_code": postal, "latitude": lat, "longitude": lon,
        "connection_type": conn, "olt_port": port, "vlan": vlan, "status": status,
        "_eqp": [], "_subs": [], "_kind": "main",
    }
    locations.append(rec)
    LOC[rec["name"]] = rec
    cust["_locs"].append(rec)
    return rec


LOC_STATUS = {"active": "active", "suspended": "active",
              "prospect": "pending", "cancelled": "disconnected"}
for c in customers:
    town = c["_company"][2] if c["_company"] else pick_town()
    if c["name"] == "C0001":
        town = "Saint-Jean-sur-Richelieu"
        add_location(c, town, "active", "FTTH")
    else:
        add_location(c, town, LOC_STATUS[c["status"]])

# Second locations: seven pending (five moves, two new sites), the rest active.
active_pool = [c for c in customers[1:] if c["status"] == "active"]
second = rng.sample(active_pool, 24) + rng.sample(
    [c for c in customers if c["status"] == "suspended"], 2)
for k, c in enumerate(second):
    if k < 5:
        kind, status = "move", "pending"
    elif k < 7:
        kind, status = "new", "pending"
    else:
        kind, status = "second", "active"
    loc = add_location(c, pick_town(), status)
    loc["_kind"] = kind

# --------------------------------------------------------------------------
# Subscriptions
# --------------------------------------------------------------------------

subscriptions = []
SUB_STATUS = {"active": "active", "suspended": "suspended",
              "prospect": "pending", "cancelled": "cancelled"}


def add_sub(cust, loc, plan, status, start):
    rec = {"name": "SUB-%05d" % (len(subscriptions) + 1), "customer": cust["name"],
           "location": loc["name"], "plan": plan, "price": PLANS[plan],
           "status": status, "start_day": start}
    subscriptions.append(rec)
    cust["_subs"].append(rec)
    loc["_subs"].append(rec)
    return rec


for loc in locations:
    cust = CUST[loc["customer"]]
    fibre = loc["connection_type"] in ("FTTH", "FTTB")
    if loc["status"] == "pending":
        status = "pending"
        start = rng.randrange(3, 15)
    else:
        status = SUB_STATUS[cust["status"]]
        if loc is cust["_locs"][0]:
            start = cust["since_day"]
        else:
            start = rng.randrange(cust["since_day"], max(cust["since_day"] + 1, -14))
    if not fibre:
        plan = "Fibre 100"
    elif cust["_company"]:
        plan = weighted([("Fibre 500", 3), ("Fibre 1000", 4), ("Fibre 3000", 3)])
    else:
        plan = weighted([("Fibre 100", 15), ("Fibre 500", 40), ("Fibre 1000", 35), ("Fibre 3000", 10)])
    if cust["name"] == "C0001":
        plan = "Fibre 1000"
    add_sub(cust, loc, plan, status, start)
    r = rng.random()
    extra = None
    if cust["name"] == "C0001":
        extra = None
    elif r < 0.17 and fibre:
        extra = "Télé Essentiel"
    elif r < 0.40:
        extra = "Téléphonie IP"
    if extra:
        if status == "pending":
            extra_start = start
        else:
            extra_start = rng.randrange(start, max(start + 1, -9))
        add_sub(cust, loc, extra, status, extra_start)

# --------------------------------------------------------------------------
# Equipment
# --------------------------------------------------------------------------

equipment = []
EQP = {}
used_serials = {"22275A7000395"}
used_macs = set()

OUIS = {"xx230v": "1C:61:B4", "bm632w": "20:2B:C1", "deco": "60:32:B1",
        "nokia": "E8:3C:4D", "unifi": "74:AC:B9", "hitron": "84:94:8C",
        "sagemcom": "7C:03:D8", "amino": "00:02:02", "switch": "98:DA:C4"}


def new_mac(kind):
    while True:
        tail = ":".join("%02X" % rng.randrange(0, 256) for _ in range(3))
        mac = "%s:%s" % (OUIS[kind], tail)
        if mac not in used_macs:
            used_macs.add(mac)
            return mac


def new_serial(kind):
    while True:
        if kind == "xx230v":
            s = "22275A7%06d" % rng.randrange(0, 10 ** 6)
        elif kind == "bm632w":
            s = "8KA8WA%010d" % rng.randrange(0, 10 ** 10)
        elif kind == "deco":
            s = "2237%09d" % rng.randrange(0, 10 ** 9)
        elif kind == "nokia":
            s = "ALCLB%07X" % rng.randrange(0, 16 ** 7)
        elif kind == "unifi":
            s = "F4E2C6%06X" % rng.randrange(0, 16 ** 6)
        elif kind == "hitron":
            s = "CD4582%08d" % rng.randrange(0, 10 ** 8)
        elif kind == "sagemcom":
            s = "SG5250%08d" % rng.randrange(0, 10 ** 8)
        elif kind == "amino":
            s = "A540%08d" % rng.randrange(0, 10 ** 8)
        else:
            s = "2239%09d" % rng.randrange(0, 10 ** 9)
        if s not in used_serials:
            used_serials.add(s)
            return s


MODELS = {
    "xx230v": ("ONT", "TP-Link", "XX230v"),
    "bm632w": ("ONT", "Huawei", "BM632w"),
    "deco": ("AP", "TP-Link", "Deco X50"),
    "nokia": ("ONT", "Nokia", "G-010G-Q"),
    "unifi": ("Router", "Ubiquiti", "UniFi Dream Machine Pro"),
    "hitron": ("Router", "Hitron", "CODA-4582"),
    "sagemcom": ("Router", "Sagemcom", "F@st 5250"),
    "amino": ("Decodeur", "Amino", "A540"),
    "switch": ("Switch", "TP-Link", "TL-SG2210P"),
}


def add_equipment(kind, loc, status, serial=None):
    etype, brand, model = MODELS[kind]
    serial = serial or new_serial(kind)
    device_id = ""
    if kind == "xx230v":
        device_id = "1C61B4-XX230v-" + serial
    elif kind == "bm632w":
        device_id = "202BC1-BM632w-" + serial
    rec = {"name": "EQP-%05d" % (len(equipment) + 1),
           "customer": loc["customer"] if loc else "",
           "location": loc["name"] if loc else "",
           "equipment_type": etype, "brand": brand, "model": model,
           "serial": serial, "mac": new_mac(kind), "status": status,
           "device_id": device_id, "_kind": kind}
    equipment.append(rec)
    EQP[rec["name"]] = rec
    if loc:
        loc["_eqp"].append(rec)
    return rec


for loc in locations:
    cust = CUST[loc["customer"]]
    conn = loc["connection_type"]
    status = {"active": "Actif", "pending": "En inventaire",
              "disconnected": "Retourné"}[loc["status"]]
    has_tv = any(s["plan"] == "Télé Essentiel" for s in loc["_subs"])
    if cust["name"] == "C0001":
        add_equipment("xx230v", loc, "Actif", serial="22275A7000395")
    elif conn == "FTTB":
        add_equipment("bm632w", loc, status)
    elif conn == "FTTH":
        if cust["_company"] and rng.random() < 0.3:
            add_equipment("nokia", loc, status)
            add_equipment("unifi", loc, status)
        elif rng.random() < 0.22:
            add_equipment("bm632w", loc, status)
        else:
            add_equipment("xx230v", loc, status)
    elif conn == "Cable":
        add_equipment("hitron", loc, status)
    else:
        add_equipment("sagemcom", loc, status)
    if loc["status"] != "pending" and rng.random() < 0.40:
        for _ in range(1 if rng.random() < 0.7 else 2):
            add_equipment("deco", loc, status)
    if cust["_company"] and rng.random() < 0.5 and loc["status"] != "pending":
        add_equipment("switch", loc, status)
    if has_tv:
        add_equipment("amino", loc, status)

# A couple of units flagged by monitoring, unrelated to any job.
for loc in rng.sample([l for l in locations if l["status"] == "active"
                       and l["customer"] != "C0001"], 3):
    loc["_eqp"][0]["status"] = "En diagnostic"

warehouse = {}
for kind, count in [("xx230v", 6), ("bm632w", 4), ("deco", 8), ("amino", 3),
                    ("nokia", 1), ("switch", 1)]:
    warehouse[kind] = [add_equipment(kind, None, "En inventaire") for _ in range(count)]

# --------------------------------------------------------------------------
# Dispatch jobs
# --------------------------------------------------------------------------

jobs = []
used_job_locs = set()


def eqp_names(loc, types=None):
    return [e["name"] for e in loc["_eqp"] if types is None or e["equipment_type"] in types]


def main_unit(loc):
    return loc["_eqp"][0]


def dur(lo, hi):
    return rng.randrange(lo, hi + 15, 15)


def job_note(cust, extra=None):
    if extra:
        return extra
    if cust["notes"] and rng.random() < 0.5:
        return cust["notes"]
    r = rng.random()
    if r < 0.55:
        return ""
    return rng.choice([
        "Prévoir une échelle de 28 pi.",
        "Accès par la porte arrière.",
        "Code de la porte d'entrée : %04d." % rng.randrange(1000, 10000),
        "Appeler 15 minutes avant d'arriver.",
        "Stationnement dans la ruelle.",
        "Entrée des câbles au sous-sol, côté garage.",
        "Client absent avant 9 h.",
        "Boîtier extérieur sur le côté %s de la maison." % rng.choice(["gauche", "droit"]),
        "Boîtier extérieur derrière le garage.",
        "Sonner à la porte du sous-sol.",
        "Se stationner dans l'entrée, pas dans la rue.",
        "Le client sera en télétravail toute la journée.",
    ])


def new_job(cat, loc, subject, job_type, priority, tags, duration, equipment_list, note=None):
    cust = CUST[loc["customer"]]
    if cust["_company"] and job_type in ("Installation", "Inspection") and "Nacelle" not in tags:
        tags = tags + ["Commercial"]
    rec = {"customer": cust["name"], "location": loc["name"], "subject": subject,
           "job_type": job_type, "priority": priority, "status": "",
           "technician": "", "assistants": [], "required_techs": 1,
           "tags": [s for s in SKILLS if s in tags], "day": 0, "start_time": "",
           "duration_min": duration, "notes": job_note(cust, note),
           "equipment": equipment_list, "_cat": cat, "_start": None}
    jobs.append(rec)
    used_job_locs.add(loc["name"])
    return rec


def free_locs(pred):
    pool = [l for l in locations if l["name"] not in used_job_locs
            and l["customer"] != "C0001" and pred(l)]
    rng.shuffle(pool)
    return pool


def is_fibre(l):
    return l["connection_type"] in ("FTTH", "FTTB")


def active_loc(l):
    return l["status"] == "active" and CUST[l["customer"]]["status"] == "active"


# Installations: every prospect site plus the two new secondary sites.
install_locs = [l for l in locations if l["status"] == "pending" and l["_kind"] in ("main", "new")]
for loc in install_locs:
    cust = CUST[loc["customer"]]
    plan = loc["_subs"][0]["plan"]
    tags = ["Fibre", "Installation"]
    if cust["_company"]:
        d = dur(180, 240)
    else:
        d = dur(120, 180)
    if rng.random() < 0.2:
        tags.append("Épissure")
    new_job("install", loc, "Installation %s" % plan, "Installation",
            weighted([("medium", 6), ("high", 2), ("low", 1)]), tags, d, eqp_names(loc))

for loc in [l for l in locations if l["_kind"] == "move"]:
    new_job("dem", loc, "Déménagement de service", "Déménagement", "medium",
            ["Fibre", "Installation", "Câblage"], dur(150, 240), eqp_names(loc))

# Wi-Fi satellites (the first one for C0001).
sat_locs = [CUST["C0001"]["_locs"][0]] + free_locs(lambda l: active_loc(l) and is_fibre(l)
                                                  and l["_eqp"][0]["_kind"] in ("xx230v", "bm632w"))[:5]
for loc in sat_locs:
    deco = warehouse["deco"].pop(0)
    new_job("sat", loc, "Ajout d'un satellite Wi-Fi", "Installation", "low",
            ["Wi-Fi", "Installation"], dur(45, 60), [deco["name"]])

PANNE_SUBJECTS = ["Aucun signal depuis ce matin", "Aucune connexion depuis l'orage",
                  "Voyant LOS rouge sur le terminal", "Perte de signal optique",
                  "Coupure complète du service"]
for k, loc in enumerate(free_locs(lambda l: active_loc(l) and is_fibre(l))[:9]):
    cust = CUST[loc["customer"]]
    if k < 2:
        subject = ["Câble de fibre arraché par un camion", "Bris du câble aérien après la tempête"][k]
        tags, d, cat = ["Fibre", "Épissure", "Nacelle"], dur(120, 180), "panne_nacelle"
    else:
        subject = PANNE_SUBJECTS[(k - 2) % len(PANNE_SUBJECTS)]
        tags, d, cat = ["Fibre", "Épissure"], dur(60, 120), "panne"
    pr = "urgent" if ("business_sla" in cust["flags"] or k < 2) else weighted([("high", 3), ("urgent", 1)])
    new_job(cat, loc, subject, "Réparation", pr, tags, d, eqp_names(loc, ("ONT", "Router")))

phone_locs = free_locs(lambda l: active_loc(l) and any(s["plan"] == "Téléphonie IP" for s in l["_subs"]))
new_job("tel", phone_locs[0], "Pas de tonalité sur la ligne téléphonique", "Réparation", "medium",
        ["Téléphonie"], dur(45, 75), eqp_names(phone_locs[0], ("ONT", "Router")))
new_job("tel", phone_locs[1], "Ligne téléphonique grésille", "Réparation", "low",
        ["Téléphonie"], dur(45, 60), eqp_names(phone_locs[1], ("ONT", "Router")))
tv_locs = free_locs(lambda l: active_loc(l) and any(e["equipment_type"] == "Decodeur" for e in l["_eqp"]))
new_job("tele", tv_locs[0], "Décodeur bloqué au démarrage", "Réparation", "medium",
        ["Télé"], dur(45, 60), eqp_names(tv_locs[0], ("Decodeur",)))
other_rep = free_locs(lambda l: active_loc(l) and is_fibre(l))
for k, (subject, tags, lo, hi) in enumerate([
        ("Internet intermittent depuis une semaine", ["Fibre", "Wi-Fi"], 60, 90),
        ("Vitesse inférieure au forfait", ["Fibre", "Wi-Fi"], 45, 90),
        ("Prise murale de fibre endommagée", ["Fibre", "Épissure"], 60, 90),
        ("Connexion instable au bureau", ["Fibre", "Wi-Fi"], 60, 90),
        ("Câble de raccordement coupé par la tondeuse", ["Fibre", "Épissure"], 60, 120),
        ("Perte de paquets en soirée", ["Fibre"], 45, 75)]):
    loc = other_rep[k]
    new_job("rep", loc, subject, "Réparation", weighted([("medium", 3), ("high", 1)]),
            tags, dur(lo, hi), eqp_names(loc, ("ONT", "Router")))

# Replacements use stock units from the warehouse.
repl = free_locs(lambda l: active_loc(l) and l["_eqp"][0]["_kind"] in ("xx230v", "bm632w"))
repl = [l for l in repl if CUST[l["customer"]]["language"] == "fr"] + \
    [l for l in repl if CUST[l["customer"]]["language"] != "fr"]
k = 0
for loc in repl:
    if k == 7:
        break
    unit = main_unit(loc)
    if len(warehouse[unit["_kind"]]) < 2:
        continue
    spare = warehouse[unit["_kind"]].pop(0)
    if k < 4:
        subject, tags, cat = "Remplacement du routeur", ["Wi-Fi"], "routeur"
    else:
        subject, tags, cat = "Remplacement du terminal optique", ["Fibre"], "ont"
    unit["status"] = "Défectueux" if rng.random() < 0.6 else "En diagnostic"
    new_job(cat, loc, subject, "Remplacement", weighted([("medium", 2), ("high", 2)]),
            tags, dur(45, 75), [unit["name"], spare["name"]])
    k += 1
assert k == 7
tv_locs = free_locs(lambda l: active_loc(l) and any(e["equipment_type"] == "Decodeur" for e in l["_eqp"]))
for k in range(2):
    loc = tv_locs[k]
    unit = [e for e in loc["_eqp"] if e["equipment_type"] == "Decodeur"][0]
    unit["status"] = "Défectueux"
    spare = warehouse["amino"].pop(0)
    new_job("tele_repl", loc, "Remplacement du décodeur", "Remplacement", "medium",
            ["Télé"], dur(30, 45), [unit["name"], spare["name"]])

insp = free_locs(lambda l: active_loc(l) and is_fibre(l))
for k, (subject, tags, lo, hi) in enumerate([
        ("Inspection du boîtier extérieur", ["Fibre"], 30, 60),
        ("Inspection du boîtier extérieur", ["Fibre"], 30, 45),
        ("Vérification du niveau optique", ["Fibre"], 30, 60),
        ("Vérification du niveau optique", ["Fibre"], 30, 45),
        ("Inspection du toron aérien", ["Fibre", "Nacelle"], 60, 90),
        ("Inspection du toron aérien", ["Fibre", "Nacelle"], 45, 90),
        ("Validation de la couverture Wi-Fi", ["Wi-Fi"], 45, 60),
        ("Validation de la couverture Wi-Fi", ["Wi-Fi"], 30, 60),
        ("Inspection après travaux d'Hydro-Québec", ["Fibre"], 30, 60),
        ("Inspection du boîtier extérieur", ["Fibre"], 30, 45)]):
    loc = insp[k]
    new_job("insp", loc, subject, "Inspection", weighted([("low", 3), ("medium", 2)]),
            tags, dur(lo, hi), [])

for loc in free_locs(lambda l: l["status"] == "disconnected")[:6]:
    for e in loc["_eqp"]:
        e["status"] = "Actif"
    subject = rng.choice(["Récupération de l'équipement", "Retrait du branchement"])
    new_job("retrait", loc, subject, "Retrait", "low", ["Fibre"], dur(30, 45), eqp_names(loc))

assert len(jobs) == 72, len(jobs)

# Days: installs, moves and satellites happen today or in the next two days;
# yesterday only holds field work that can be closed.
rng.shuffle(jobs)
future_ok = [j for j in jobs if j["_cat"] in ("install", "dem", "sat", "insp")]
past_ok = [j for j in jobs if j["_cat"] in ("panne", "rep", "insp", "retrait", "tel")]
other_days = []
for day, count, pool in [(1, 4, future_ok), (2, 3, future_ok), (-1, 5, past_ok)]:
    picked = [j for j in pool if not any(j is x for x in other_days) and j["customer"] != "C0001"][:count]
    for j in picked:
        j["day"] = day
    other_days.extend(picked)
today = [j for j in jobs if j["day"] == 0]
assert len(today) == 60

rank = {"urgent": 0, "high": 1, "medium": 2, "low": 3}


def qualified(job):
    exact = [t["name"] for t in technicians if all(s in t["skills"] for s in job["tags"])]
    if exact:
        return exact
    best = max(sum(1 for s in job["tags"] if s in t["skills"]) for t in technicians)
    return [t["name"] for t in technicians if sum(1 for s in job["tags"] if s in t["skills"]) == best]


# Twelve jobs today stay unassigned.
unassigned_today = [j for j in today if j["customer"] != "C0001"][:12]
for j in unassigned_today:
    j["status"] = "Unassigned"
assigned_today = [j for j in today if j["status"] != "Unassigned"]

loads = {t["name"]: [] for t in technicians}
order = sorted(assigned_today, key=lambda j: (len(qualified(j)), rng.random()))
for j in order:
    cands = qualified(j)
    cands.sort(key=lambda t: (len(loads[t]), rng.random()))
    loads[cands[0]].append(j)
    j["technician"] = cands[0]
# Rebalance so that everybody has at least three jobs.
for _ in range(50):
    low = [t for t in loads if len(loads[t]) < 3]
    if not low:
        break
    t = low[0]
    donors = sorted(loads, key=lambda d: -len(loads[d]))
    moved = False
    for d in donors:
        if len(loads[d]) <= 3:
            break
        for j in loads[d]:
            if t in qualified(j):
                loads[d].remove(j)
                loads[t].append(j)
                j["technician"] = t
                moved = True
                break
        if moved:
            break
    assert moved, "cannot balance %s" % t

# Lay each technician's day out back to back from the start of the shift.
for t in technicians:
    tl = loads[t["name"]]
    tl.sort(key=lambda j: (rank[j["priority"]], rng.random()))
    ws, we = hm(t["work_start"]), hm(t["work_end"])
    gaps = [rng.choice([15, 30, 30, 45]) for _ in tl]
    while True:
        start = ws + (15 if rng.random() < 0.25 else 0)
        ok = True
        for j, g in zip(tl, gaps):
            j["_start"] = start
            if start > 16 * 60 or start + j["duration_min"] > we:
                ok = False
            start += j["duration_min"] + g
        if ok:
            break
        longest = max(tl, key=lambda j: j["duration_min"])
        if max(gaps) > 15:
            gaps[gaps.index(max(gaps))] -= 15
        elif longest["duration_min"] > 30:
            longest["duration_min"] -= 15
    # Some technicians run behind their plan.
    pace = NOW - rng.choice([0, 0, 15, 30, 45])
    prev = None
    for j in tl:
        s, e = j["_start"], j["_start"] + j["duration_min"]
        if e <= pace:
            j["status"] = "Completed"
        elif s <= pace:
            j["status"] = "On Site"
        elif prev is not None and prev["status"] == "Completed" and s - pace <= 60:
            j["status"] = "En Route"
        else:
            j["status"] = "Scheduled"
        prev = j


def end_of(j):
    return j["_start"] + j["duration_min"]


# Make sure a few technicians are on the road: first those running late for a
# job whose planned start has just passed, then idle ones heading to their next job.
late = []
for t in technicians:
    tl = sorted(loads[t["name"]], key=lambda j: j["_start"])
    busy_now = any(j["status"] in ("On Site", "En Route") for j in tl)
    for k, j in enumerate(tl):
        free_before = k == 0 or tl[k - 1]["status"] == "Completed"
        if j["status"] == "On Site" and free_before and NOW - j["_start"] <= 30:
            late.append((0, -j["_start"], j))
        elif j["status"] == "Scheduled" and free_before and not busy_now:
            late.append((1, j["_start"], j))
        elif j["status"] == "On Site" and free_before and NOW - j["_start"] <= 60:
            late.append((2, -j["_start"], j))
en_route = sum(1 for j in assigned_today if j["status"] == "En Route")
for _, _, j in sorted(late, key=lambda x: (x[0], x[1], x[2]["technician"])):
    if en_route >= 4:
        break
    j["status"] = "En Route"
    en_route += 1
assert en_route >= 3


special = []
# Two deliberate overlaps: pull a later job back onto the previous one.
overlap_done = 0
for t in technicians:
    if overlap_done == 2:
        break
    tl = sorted(loads[t["name"]], key=lambda j: j["_start"])
    for a, b in zip(tl, tl[1:]):
        if a["status"] == "Scheduled" and b["status"] == "Scheduled" and end_of(a) - 30 > NOW + 60:
            b["_start"] = end_of(a) - 30
            special += [a, b]
            overlap_done += 1
            break
assert overlap_done == 2
# One job running past the end of a shift.
for t in reversed(technicians):
    if t["work_end"] != "16:00":
        continue
    tl = sorted(loads[t["name"]], key=lambda j: j["_start"])
    last = tl[-1]
    if last in special or last["status"] != "Scheduled":
        continue
    we = hm(t["work_end"])
    prev_end = end_of(tl[-2]) if len(tl) > 1 else NOW
    start = we + rng.choice([30, 45, 60]) - last["duration_min"]
    start = min(16 * 60, max(start, prev_end + 15, last["_start"]))
    if start + last["duration_min"] <= we:
        last["duration_min"] = (we + 45 - start) // 15 * 15
    last["_start"] = start
    assert last["_start"] <= 16 * 60 and end_of(last) > we
    special.append(last)
    break
else:
    raise SystemExit("no job could run past a shift")

# Hold and cancel a few scheduled jobs.
HOLD_REASONS = [
    ("En attente d'une pièce (connecteur SC/APC).", "une pièce doit être commandée.",
     lambda j: "Fibre" in j["tags"]),
    ("Autorisation du propriétaire requise avant de percer.",
     "nous attendons l'autorisation du propriétaire pour percer.",
     lambda j: j["job_type"] in ("Installation", "Déménagement") and "Fibre" in j["tags"]),
    ("Client absent, nouvelle visite à planifier.", "le technicien n'a pas pu accéder au logement.",
     lambda j: True),
    ("En attente de l'équipe nacelle.", "l'équipe avec nacelle n'est pas disponible aujourd'hui.",
     lambda j: "Nacelle" in j["tags"]),
    ("Équipement en rupture de stock, livraison prévue demain.",
     "l'équipement doit d'abord arriver à notre entrepôt.",
     lambda j: j["job_type"] == "Remplacement" or any(t in j["tags"] for t in ("Wi-Fi", "Télé", "Téléphonie"))),
]


def hold(job, k, after_visit=False):
    """Put a job on hold; 'client absent' only makes sense once a visit was tried."""
    fits = [r for r in HOLD_REASONS if r[2](job) and (after_visit or not r[0].startswith("Client absent"))]
    if after_visit:
        fits = [r for r in fits if r[0].startswith(("Client absent", "En attente d'une pièce"))]
    note, reason, _ = fits[k % len(fits)]
    job["status"] = "On Hold"
    job["notes"] = note
    job["_hold"] = reason




def cancel_note(job, k):
    if job["job_type"] in ("Installation", "Déménagement"):
        options = ["Annulé : le client a reporté son projet.", "Doublon d'un autre rendez-vous."]
    elif job["job_type"] in ("Réparation", "Remplacement"):
        options = ["Annulé par le client : problème réglé après un redémarrage.", "Doublon d'un autre rendez-vous."]
    else:
        options = ["Doublon d'un autre rendez-vous.", "Annulé à la demande du client."]
    return options[k % len(options)]


candidates = [j for j in assigned_today if j["status"] == "Scheduled" and j not in special
              and j["customer"] != "C0001"]
rng.shuffle(candidates)
on_site = [j for j in assigned_today if j["status"] == "On Site" and j["customer"] != "C0001"]
hold(on_site[0], rng.randrange(2), after_visit=True)
held = 1
for j in candidates:
    if held == 4:
        break
    hold(j, held)
    held += 1
cancelled = 0
for j in candidates:
    if cancelled == 3:
        break
    if j["status"] != "Scheduled" or j["customer"] == "C0001":
        continue
    live = [x for x in loads[j["technician"]] if x["status"] != "Cancelled"]
    if len(live) < 4:
        continue
    j["status"] = "Cancelled"
    j["notes"] = cancel_note(j, cancelled)
    cancelled += 1
assert cancelled == 3


def busy(tech, day, s, e, ignore=None):
    for j in jobs:
        if j is ignore or j["day"] != day or j["_start"] is None or j["status"] == "Cancelled":
            continue
        if j["technician"] == tech or tech in j["assistants"]:
            if s < end_of(j) and j["_start"] < e:
                return True
    return False


def day_count(tech, day):
    return sum(1 for j in jobs if j["day"] == day and (j["technician"] == tech or tech in j["assistants"]))


# Assistants on a few heavy jobs.
helpers = 0
for j in sorted(assigned_today, key=lambda j: (0 if "Nacelle" in j["tags"] or j["_cat"] == "dem" else 1,
                                                -j["duration_min"])):
    if helpers == 3:
        break
    if j in special or j["status"] in ("Cancelled", "On Hold", "Completed"):
        continue
    s, e = j["_start"], end_of(j)
    for t in technicians:
        name = t["name"]
        if name == j["technician"] or day_count(name, 0) >= 6:
            continue
        if s < hm(t["work_start"]) or e > hm(t["work_end"]) or busy(name, 0, s, e):
            continue
        j["assistants"] = [name]
        j["required_techs"] = 2
        helpers += 1
        break
assert helpers == 3
# One unassigned job needs a crew of two.
for j in unassigned_today:
    if "Nacelle" in j["tags"] or j["_cat"] == "dem" or j["duration_min"] >= 180:
        j["required_techs"] = 2
        break
else:
    unassigned_today[0]["required_techs"] = 2

# Other days.
for j in sorted(other_days, key=lambda j: (j["day"], rng.random())):
    if j["day"] > 0 and sum(1 for x in other_days if x["day"] == j["day"] and x["status"] == "Unassigned") == 0:
        j["status"] = "Unassigned"
        continue
    if j["day"] == -1 and sum(1 for x in other_days if x["status"] == "Cancelled") == 0:
        j["status"] = "Cancelled"
        j["notes"] = "Annulé : client absent au moment de la visite."
    else:
        j["status"] = "Completed" if j["day"] < 0 else "Scheduled"
    cands = qualified(j)
    rng.shuffle(cands)
    placed = False
    for name in cands:
        t = TECH_BY_NAME[name]
        ws, we = hm(t["work_start"]), hm(t["work_end"])
        slots = list(range(ws, min(we - j["duration_min"], 16 * 60) + 1, 15))
        rng.shuffle(slots)
        for s in slots:
            if not busy(name, j["day"], s - 15, s + j["duration_min"] + 15):
                j["technician"] = name
                j["_start"] = s
                placed = True
                break
        if placed:
            break
    assert placed

for j in jobs:
    if j["status"] == "Unassigned":
        j["technician"] = ""
        j["_start"] = None
    j["start_time"] = fmt_hm(j["_start"]) if j["_start"] is not None else ""

# Pending subscriptions start on the installation day when one is booked.
for j in jobs:
    if j["_cat"] in ("install", "dem") and j["status"] != "Cancelled":
        for s in LOC[j["location"]]["_subs"]:
            s["start_day"] = max(j["day"], 0) if j["status"] != "Unassigned" else s["start_day"]

# Completed replacements and satellites: the stock unit is now on site.
for j in jobs:
    if j["status"] != "Completed":
        continue
    loc = LOC[j["location"]]
    if j["_cat"] in ("routeur", "ont", "tele_repl"):
        old, new = EQP[j["equipment"][0]], EQP[j["equipment"][1]]
        old["status"] = "Retourné"
        new.update(customer=loc["customer"], location=loc["name"], status="Actif")
        loc["_eqp"].append(new)
    elif j["_cat"] == "sat":
        new = EQP[j["equipment"][0]]
        new.update(customer=loc["customer"], location=loc["name"], status="Actif")
        loc["_eqp"].append(new)
    elif j["_cat"] == "retrait":
        for e in loc["_eqp"]:
            e["status"] = "Retourné"

jobs.sort(key=lambda j: (j["day"], j["_start"] if j["_start"] is not None else 24 * 60,
                         j["technician"] or "~", j["customer"]))
for k, j in enumerate(jobs):
    j["name"] = "DJ-%05d" % (k + 1)

# --------------------------------------------------------------------------
# Invoices
# --------------------------------------------------------------------------

POSTINGS = [-95, -65, -35, -5]
billed = {}
for c in customers:
    if c["status"] not in ("active", "suspended"):
        continue
    subs = [s for s in c["_subs"] if s["status"] in ("active", "suspended")]
    rows = []
    for p in POSTINGS:
        items = [s for s in subs if s["start_day"] <= p]
        if not items:
            continue
        net = sum(Decimal("%.2f" % s["price"]) for s in items)
        total = (net * TAX).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        rows.append({"customer": c["name"], "posting_day": p, "due_day": p + 30,
                     "grand_total": total, "outstanding_amount": Decimal("0.00"),
                     "status": "Paid", "_net": net})
    if rows:
        billed[c["name"]] = rows

eligible = [n for n, rows in billed.items() if any(r["posting_day"] == -35 for r in rows)]
overdue_customers = [c["name"] for c in payment_issue if c["name"] in eligible]
others = [n for n in eligible if n not in overdue_customers and n != "C0001"]
rng.shuffle(others)
target = round(0.08 * len(billed))
overdue_customers += others[:max(0, target - len(overdue_customers))]
partial_customers = [n for n in others[target:] if n in billed][:4]

for name, rows in billed.items():
    for r in rows:
        if r["posting_day"] == -5:
            if name in partial_customers:
                r["status"] = "Partly Paid"
                r["outstanding_amount"] = (r["grand_total"] - Decimal("40.00")).quantize(Decimal("0.01"))
            elif name in overdue_customers or rng.random() < 0.8:
                r["status"] = "Unpaid"
                r["outstanding_amount"] = r["grand_total"]
    if name in overdue_customers:
        late = [r for r in rows if r["posting_day"] == -35]
        if rng.random() < 0.45 or "payment_issue" in CUST[name]["flags"]:
            late += [r for r in rows if r["posting_day"] == -65]
        for r in late:
            r["status"] = "Overdue"
            r["outstanding_amount"] = r["grand_total"]

invoices = []
for p in POSTINGS:
    for name in billed:
        for r in billed[name]:
            if r["posting_day"] == p:
                invoices.append(r)
for k, r in enumerate(invoices):
    r["name"] = "ACC-SINV-2026-%05d" % (k + 1)

# --------------------------------------------------------------------------
# Tickets and message threads
# --------------------------------------------------------------------------

tickets = []
messages = []
ticketed = set()


def he_she(cust):
    if cust["_company"]:
        return "Le client"
    return "La cliente" if cust["_female"] else "Le client"


def primary_contact(cust):
    return cust["_contacts"][0]


def quand(msg_day, job_day):
    return {0: "aujourd'hui", 1: "demain", 2: "après-demain"}[job_day - msg_day]


def plage(job):
    if not job["start_time"]:
        return ""
    s = hm(job["start_time"]) // 30 * 30
    return "entre %s et %s" % (fr_time(s), fr_time(s + 120))


def tech_first(job):
    return TECH_BY_NAME[job["technician"]]["full_name"].split(" ")[0]


def model_word(loc):
    unit = main_unit(loc)
    if unit["equipment_type"] == "ONT":
        return "terminal %s %s" % (unit["brand"], unit["model"])
    return "modem %s" % unit["model"]


# A line is (role, medium, text, timing). role: "C" customer, "S" staff,
# "N" internal note, "PC"/"PS" phone call logged as received/sent.
# timing: None (follows the previous line) or (day, minute) or ("min_day", day)


def appointment_lines(job, ask, confirm, alt_unassigned):
    """Staff proposes the visit; the wording depends on whether it is booked."""
    if job["status"] == "Unassigned":
        return [("S", alt_unassigned, ("book", job)), ("C", confirm[1], None)]
    return [("S", ask, ("book", job)), ("C", confirm[0], None)]


def visit_lines(job, resolution):
    """En route / on site / completion messages anchored to the job itself."""
    out = []
    status = job["status"]
    if status in ("En Route", "On Site", "Completed"):
        s = job["_start"]
        prev_end = None
        for x in jobs:
            if x is not job and x["technician"] == job["technician"] and x["day"] == job["day"] \
                    and x["_start"] is not None and end_of(x) <= s and x["status"] != "Cancelled":
                prev_end = max(prev_end or 0, end_of(x))
        leave = (prev_end + rng.randrange(2, 8)) if prev_end else s - rng.choice([20, 25, 30])
        eta = fr_time((s + 7) // 15 * 15)
        out.append(("S", "Bonjour {prenom}, %s est en route vers chez vous, arrivée prévue vers %s."
                    % (tech_first(job), eta), (job["day"], leave)))
        out.append(("C", rng.choice(["Super, merci!", "Parfait, on l'attend.", "Merci, la porte de côté est débarrée.",
                                     "Merci! Je suis à la maison."]), None))
        if status == "Completed":
            out.append(("S", "L'intervention est terminée : %s Écrivez-nous si le problème revient." % resolution,
                        (job["day"], end_of(job) + rng.randrange(5, 15))))
    elif status == "On Hold":
        if job["_start"] <= NOW:
            at = min(MSG_CUTOFF - 5, job["_start"] + rng.randrange(20, 45))
        else:
            at = rng.randrange(8 * 60, 9 * 60 + 30)
        out.append(("S", "Petit changement : nous devons reporter la visite, %s On vous recontacte très bientôt."
                    % job["_hold"], (job["day"], at)))
    return out


PANNE_OPENERS = [
    ("Aucune connexion depuis l'orage",
     "Bonjour, on n'a plus d'Internet depuis l'orage d'hier soir. Le voyant LOS clignote en rouge."),
    ("Aucun signal depuis ce matin",
     "Allô, plus aucune connexion depuis ce matin. Le voyant PON est éteint et LOS est rouge."),
    ("Coupure complète du service",
     "Bonjour, Internet coupé depuis 6 h ce matin. On a tout redémarré, rien ne change."),
]
AERIAL_OPENERS = {
    "Câble de fibre arraché par un camion":
        "Bonjour, un camion de livraison a arraché le fil de fibre devant la maison. On n'a plus d'Internet.",
    "Bris du câble aérien après la tempête":
        "Bonjour, le fil aérien est tombé pendant la tempête et on n'a plus d'Internet.",
}


def thread_panne(ctx, job):
    if job["subject"] in AERIAL_OPENERS:
        ctx["subject"] = job["subject"]
        lines = [("C", AERIAL_OPENERS[job["subject"]], None),
                 ("S", "Merci de nous avertir. Surtout, ne touchez pas au fil. Est-ce qu'il traîne au sol ou "
                       "sur la rue?", None),
                 ("C", "Il pend du poteau jusqu'au sol, près de l'entrée.", None),
                 ("N", "Descente aérienne arrachée, nacelle requise. Aucun signal à l'OLT (%s)." % ctx["olt"], None)]
        lines += appointment_lines(
            job,
            "Merci. Une équipe avec nacelle doit remplacer le fil. Je vous propose {quand} {plage}. Ça vous convient?",
            ("Oui, il y aura quelqu'un à la maison.", "D'accord, le plus vite possible svp, je travaille de la maison."),
            "Merci. Une équipe avec nacelle doit remplacer le fil; on vous texte dès que la plage horaire est confirmée.")
        lines += visit_lines(job, "un nouveau fil de fibre a été installé entre le poteau et la maison, le service est rétabli.")
        return lines
    ctx["subject"], opener = rng.choice(PANNE_OPENERS)
    lines = [("C", opener, None),
             ("S", "Désolé pour l'inconvénient. Pouvez-vous vérifier que le petit câble vert branché dans votre "
                   "{modele} n'est pas plié ou débranché?", None),
             ("C", rng.choice(["Il a l'air correct, je l'ai même rebranché. Toujours rouge.",
                               "Le câble est correct, rien n'a bougé. Toujours pareil."]), None),
             ("N", "Aucun signal optique reçu à l'OLT (%s). Probable bris sur la descente ou au boîtier extérieur."
              % ctx["olt"], None)]
    lines += appointment_lines(
        job,
        "Merci. Je ne reçois plus aucun signal de votre terminal, il faut envoyer un technicien. "
        "Je vous propose {quand} {plage}. Ça vous convient?",
        ("Oui, il y aura quelqu'un à la maison.", "D'accord, le plus vite possible svp, je travaille de la maison."),
        "Merci. Je ne reçois plus aucun signal de votre terminal, il faut envoyer un technicien. "
        "On vous texte dès que la plage horaire est confirmée.")
    lines += visit_lines(job, "le connecteur du boîtier extérieur était endommagé, il a été remplacé et "
                              "le signal optique est rétabli.")
    return lines


SAT_OPENERS = [
    ("Wi-Fi coupe au sous-sol",
     "Bonjour, le Wi-Fi coupe sans arrêt au sous-sol, les enfants n'arrivent pas à faire leurs devoirs."),
    ("Wi-Fi faible au sous-sol",
     "Le Wi-Fi est très faible dans la chambre du fond et au sous-sol, ça décroche souvent."),
    ("Wi-Fi instable au sous-sol",
     "Bonjour, au sous-sol le Wi-Fi coupe plusieurs fois par soir. En haut tout va bien."),
]


def thread_sat(ctx, job):
    ctx["subject"], opener = rng.choice(SAT_OPENERS)
    lines = [("C", opener, None),
        ("S", "Où est placé votre {modele} dans la maison?", None),
        ("C", rng.choice(["Au rez-de-chaussée, dans le garde-robe de l'entrée.",
                          "Dans le bureau au deuxième étage, au bout de la maison.",
                          "Dans le salon, derrière la télé."]), None),
        ("N", "Signal des appareils au sous-sol autour de -80 dBm sur le 5 GHz. Un satellite Deco X50 réglerait la couverture.", None)]
    lines += appointment_lines(
        job,
        "C'est bien ce que je pensais : le signal n'atteint pas le sous-sol. Je vous propose d'ajouter un satellite "
        "Deco X50 (5 $/mois). Un technicien peut l'installer {quand} {plage}.",
        ("Parfait, on prend ça.", "D'accord, on prend le satellite."),
        "C'est bien ce que je pensais : le signal n'atteint pas le sous-sol. Je vous propose d'ajouter un satellite "
        "Deco X50 (5 $/mois). On vous confirme la plage d'installation sous peu.")
    lines += visit_lines(job, "le satellite est installé et jumelé à votre réseau, le sous-sol capte maintenant "
                              "à pleine vitesse.")
    return lines


def thread_routeur(ctx, job):
    restarts = rng.randrange(9, 31)
    lines = [("C", rng.choice([
        "Notre modem redémarre tout seul plusieurs fois par jour depuis une semaine.",
        "Le routeur s'éteint et se rallume sans arrêt, toutes les lumières clignotent.",
        "Bonjour, Internet coupe 2-3 minutes plusieurs fois par jour et le modem redémarre."]), None),
        ("S", "Est-ce que l'appareil est branché directement dans la prise murale ou sur une barre d'alimentation?", None),
        ("C", "Directement dans le mur. On a essayé une autre prise, même chose.", None),
        ("N", "%d redémarrages en 48 h sur %s. Unité à remplacer." % (restarts, ctx["device_id"] or ctx["serial"]), None)]
    lines += appointment_lines(
        job,
        "Je vois effectivement %d redémarrages dans nos journaux. On va remplacer l'appareil : un technicien "
        "peut passer {quand} {plage}." % restarts,
        ("Oui, ça marche.", "Merci, on a hâte que ça se règle."),
        "Je vois effectivement %d redémarrages dans nos journaux. On va remplacer l'appareil; on vous texte "
        "la plage horaire dès qu'elle est confirmée." % restarts)
    lines += visit_lines(job, "le nouvel appareil est branché et configuré avec le même nom de réseau et le même "
                              "mot de passe Wi-Fi.")
    return lines


def thread_install(ctx, job):
    if job["status"] == "Unassigned":
        first = ("S", "Bonjour {prenom}, ici {agent} de Gigafibre. Votre installation %s au %s est prévue {quand}; "
                      "la plage horaire vous sera confirmée la veille." % (ctx["plan"], ctx["address"]), ("book", job))
    else:
        first = ("S", "Bonjour {prenom}, ici {agent} de Gigafibre. Votre installation %s au %s est prévue {quand} "
                      "{plage}. Répondez OUI pour confirmer." % (ctx["plan"], ctx["address"]), ("book", job))
    lines = [first,
             ("C", rng.choice(["OUI", "Oui, c'est parfait!", "Oui merci"]), None),
             ("S", "Merci, c'est confirmé! Prévoyez un accès à l'endroit où vous voulez le modem et au point "
                   "d'entrée des câbles au sous-sol.", None),
             ("PC", "Appel entrant : demande si quelqu'un doit être présent toute la journée. Réponse : seulement "
                    "pendant la plage prévue.", None)]
    lines += visit_lines(job, "votre fibre est branchée et le Wi-Fi est configuré. Bienvenue chez Gigafibre!")
    return lines


def thread_dem(ctx, job):
    lines = [("C", "Bonjour, on déménage bientôt au %s à %s. Est-ce qu'on peut transférer notre Internet?"
              % (ctx["address"], ctx["city"]), None),
             ("S", "Bonne nouvelle, cette adresse est desservie par la fibre et le transfert est gratuit. "
                   "Voulez-vous garder le même forfait?", None),
             ("C", "Oui, le même forfait. Et on apporte le modem?", None)]
    lines += appointment_lines(
        job,
        "Pas besoin, le technicien installera un nouveau terminal et récupérera l'ancien. Il peut passer "
        "{quand} {plage} à la nouvelle adresse.",
        ("Parfait, merci beaucoup!", "D'accord, merci."),
        "Pas besoin, le technicien installera un nouveau terminal et récupérera l'ancien. On vous confirme "
        "la date de la visite sous peu.")
    lines += visit_lines(job, "le service est actif à votre nouvelle adresse. Bon déménagement!")
    return lines


def thread_tel(ctx, job):
    lines = [("C", "Plus de tonalité sur notre ligne de téléphone depuis hier. Internet fonctionne.", None),
             ("S", "Le téléphone est-il bien branché dans le port TEL 1 à l'arrière de votre {modele}?", None),
             ("C", "Oui, et on a essayé un autre appareil, même chose.", None),
             ("N", "Ligne SIP non enregistrée depuis hier 17 h. Réinitialisation à distance sans succès.", None)]
    lines += appointment_lines(
        job,
        "Votre ligne n'est plus enregistrée sur notre serveur et la réinitialisation à distance n'a rien donné. "
        "Un technicien passera {quand} {plage}.",
        ("Parfait, merci.", "D'accord, merci."),
        "Votre ligne n'est plus enregistrée sur notre serveur. Un technicien doit passer; on vous confirme "
        "la plage sous peu.")
    lines += visit_lines(job, "le port téléphonique était défectueux; la ligne est reconfigurée et la tonalité est revenue.")
    return lines


def thread_tele(ctx, job):
    lines = [("C", "Le décodeur reste bloqué sur le logo au démarrage depuis ce matin.", None),
             ("S", "Pouvez-vous le débrancher 30 secondes, puis le rebrancher?", None),
             ("C", "Fait deux fois, toujours bloqué.", None)]
    lines += appointment_lines(
        job,
        "Merci d'avoir essayé. Un technicien passera vérifier le décodeur {quand} {plage}.",
        ("Merci, à bientôt.", "D'accord."),
        "Merci d'avoir essayé. Un technicien doit passer; on vous confirme la plage sous peu.")
    lines += visit_lines(job, "le décodeur a été remplacé et toutes vos chaînes sont de retour.")
    return lines


LINKED = {"panne": thread_panne, "panne_nacelle": thread_panne, "sat": thread_sat,
          "routeur": thread_routeur, "ont": thread_routeur, "install": thread_install,
          "dem": thread_dem, "tel": thread_tel, "tele": thread_tele, "tele_repl": thread_tele}

LINKED_SUBJECT = {
    "routeur": ["Routeur qui redémarre tout seul", "Coupures répétées, le modem redémarre"],
    "install": ["Confirmation du rendez-vous d'installation"],
    "dem": ["Demande de déménagement"],
    "tel": ["Pas de tonalité sur la ligne téléphonique"],
    "tele": ["Décodeur bloqué au démarrage"],
}
LINKED_DESC = {
    "panne": "{qui} signale une perte totale de service; voyant LOS rouge au terminal. Aucun signal optique à l'OLT.",
    "aerial": "Fil de fibre aérien arraché devant la résidence; perte totale de service. Nacelle requise.",
    "sat": "{qui} perd le Wi-Fi au sous-sol. Couverture insuffisante, ajout d'un satellite proposé.",
    "routeur": "{qui} rapporte des redémarrages répétés de l'appareil. Remplacement requis.",
    "install": "Confirmation de l'installation de la fibre avec {qui_min}.",
    "dem": "{qui} déménage et demande le transfert du service à la nouvelle adresse.",
    "tel": "{qui} n'a plus de tonalité sur la ligne Téléphonie IP; Internet fonctionne.",
    "tele": "{qui} signale un décodeur bloqué au démarrage.",
}
GROUP = {"panne_nacelle": "panne", "ont": "routeur", "tele_repl": "tele"}


def unlinked_lent(ctx):
    plan = ctx["plan"]
    cable = int(PLAN_SPEED.get(plan, 100) * rng.uniform(0.88, 0.97))
    wifi = rng.choice([85, 110, 140, 160, 210])
    return [("C", "Internet est très lent le soir entre 19 h et 22 h, les vidéos arrêtent sans cesse.", None),
            ("S", "Faites-vous le test en Wi-Fi ou avec un câble? Pouvez-vous essayer sur un ordinateur branché par câble?", None),
            ("C", "Avec le câble j'ai %d Mb/s, en Wi-Fi dans le salon j'ai %d." % (cable, wifi), None),
            ("N", "Ligne optique correcte (%s dBm). Aucune congestion sur le port PON aux heures de pointe."
             % ("-%d,%d" % (rng.randrange(17, 23), rng.randrange(0, 10))), None),
            ("S", "Votre ligne livre bien la vitesse de votre forfait %s. C'est le Wi-Fi qui limite : placez le "
                  "routeur plus haut et au centre de la maison, loin du micro-ondes." % plan, None),
            ("C", "Je l'ai déplacé, c'est mieux. Est-ce qu'un satellite aiderait?", None),
            ("S", "Oui, le satellite Deco X50 est offert à 5 $/mois. Je peux vous l'envoyer par la poste si vous voulez.", None),
            ("C", "Je vais y penser, merci pour l'aide.", None)]


def unlinked_facture(ctx):
    inv = ctx["invoice"]
    services = ", ".join(ctx["services"])
    return [("C", "Ma facture est plus élevée que prévu ce mois-ci (%s). Pourquoi?" % money_fr(inv["grand_total"]), None),
            ("S", "Je regarde votre compte. Le montant comprend la TPS et la TVQ sur %s de services : %s."
             % (money_fr(inv["_net"]), services), None),
            ("C", "Ah, je pensais que le prix annoncé incluait les taxes.", None),
            ("N", "Aucune erreur de facturation. Crédit de courtoisie de 10 $ accordé.", None),
            ("S", "Nos prix sont affichés avant taxes. Pour la confusion, je vous applique un crédit de 10 $ "
                  "qui paraîtra sur votre prochaine facture.", None),
            ("C", "C'est gentil, merci.", None),
            ("S", "Avec plaisir, bonne journée!", None)]


def unlinked_paiement(ctx):
    suspended = ctx["cust_status"] == "suspended"
    if suspended:
        first = ("Votre service est suspendu en raison d'un solde impayé de %s. Vous pouvez payer en ligne ou nous "
                 "écrire pour convenir d'une entente." % money_fr(ctx["overdue"]))
    else:
        first = ("Rappel : un solde de %s est en retard sur votre compte. Pour éviter une interruption de service, "
                 "merci de régler le montant ou de nous écrire pour une entente." % money_fr(ctx["overdue"]))
    return [("S", first, None),
            ("C", rng.choice(["Désolé, ma carte de crédit a été remplacée et le prélèvement a échoué. Je peux payer vendredi?",
                              "Oui, je suis au courant. Est-ce que je peux payer en deux versements?"]), None),
            ("S", "Pas de problème, je note une entente de paiement. Vous pouvez payer en ligne ou par téléphone.", None),
            ("PS", "Appel sortant : entente confirmée, premier paiement prévu d'ici vendredi.", None),
            ("C", "Merci, c'est noté de mon côté.", None),
            ("N", "Entente de paiement de %s. Relancer si non reçu d'ici vendredi." % money_fr(ctx["overdue"]), None)]


def unlinked_forfait(ctx):
    current = ctx["plan"]
    target = {"Fibre 100": "Fibre 500", "Fibre 500": "Fibre 1000", "Fibre 1000": "Fibre 3000"}.get(current, "Fibre 3000")
    diff = PLANS[target] - PLANS[current]
    return [("C", "Bonjour, j'aimerais passer à la %s. C'est combien par mois?" % target, None),
            ("S", "La %s est à %.0f $/mois, soit %.0f $ de plus que votre forfait %s actuel. Le changement se fait à "
                  "distance, sans visite." % (target, PLANS[target], diff, current), None),
            ("C", "Je vais en parler à la maison et je vous reviens.", None),
            ("S", "Parfait, je garde votre dossier ouvert. Répondez simplement à ce message quand vous serez prêt.", None)]


def unlinked_panne_remote(ctx):
    return [("C", rng.choice(["Plus d'Internet depuis l'orage, tout est coupé.",
                              "Aucune connexion depuis l'orage de cette nuit, le voyant Internet est éteint."]), None),
            ("S", "Une panne de courant a touché le secteur de %s cette nuit. Pouvez-vous débrancher votre {modele} "
                  "30 secondes puis le rebrancher?" % ctx["city"], None),
            ("C", "C'est revenu! Merci.", None),
            ("S", "Parfait! N'hésitez pas à nous écrire si ça recommence.", None)]


def unlinked_wifi(ctx):
    return [("C", "Le Wi-Fi coupe au sous-sol depuis quelques jours.", None),
            ("S", "Avez-vous ajouté de nouveaux appareils ou déplacé votre {modele} récemment?", None),
            ("C", "Non, rien n'a changé chez nous.", None),
            ("N", "Canal 5 GHz très chargé (plusieurs réseaux voisins). Canal changé à distance.", None),
            ("S", "J'ai changé le canal Wi-Fi de votre appareil à distance pour éviter l'interférence des voisins. "
                  "Pouvez-vous me dire si c'est mieux ce soir?", None),
            ("C", "C'est beaucoup mieux, merci!", None),
            ("S", "Parfait, je ferme le dossier. Bonne soirée!", None)]


UNLINKED = {"lent": (unlinked_lent, ["Internet lent le soir", "Vitesse lente en soirée"], "Medium",
                     "{qui} constate des lenteurs en soirée. Vitesse correcte au câble, Wi-Fi en cause."),
            "facture": (unlinked_facture, ["Facture plus élevée que prévu", "Question sur la facture"], "Low",
                        "{qui} conteste le montant de sa dernière facture."),
            "paiement": (unlinked_paiement, ["Rappel de paiement : solde en retard", "Solde impayé"], "Medium",
                         "Solde en souffrance au compte. Relance et entente de paiement."),
            "forfait": (unlinked_forfait, ["Changement de forfait", "Demande de hausse de vitesse"], "Low",
                        "{qui} veut connaître le prix d'un forfait plus rapide."),
            "panne_remote": (unlinked_panne_remote, ["Aucune connexion depuis l'orage", "Panne après l'orage"], "High",
                             "{qui} n'a plus de service depuis l'orage. Panne de secteur possible."),
            "wifi": (unlinked_wifi, ["Wi-Fi coupe au sous-sol", "Wi-Fi instable"], "Medium",
                     "{qui} perd le Wi-Fi au sous-sol. Interférence probable des réseaux voisins.")}


def make_ctx(cust, loc):
    unit = main_unit(loc)
    internet = [s for s in loc["_subs"] if s["plan"].startswith("Fibre")]
    return {"prenom": cust["_contacts"][0]["first_name"], "plan": internet[0]["plan"] if internet else "Fibre 100",
            "address": loc["address_line"], "city": loc["city"], "olt": loc["olt_port"].split(" ")[0] or "OLT",
            "device_id": unit["device_id"], "serial": unit["serial"], "modele": model_word(loc),
            "cust_status": cust["status"]}


def schedule(lines, open_day, open_time):
    """Give each line a (day, minute); returns None when it does not fit."""
    out = []
    day, t = open_day, open_time
    for k, (role, text, timing) in enumerate(lines):
        if k == 0:
            if isinstance(timing, tuple) and timing[0] == "book" and not 0 <= timing[1]["day"] - day <= 2:
                return None
            out.append((day, t))
            continue
        if isinstance(timing, tuple) and timing[0] == "book" and k == 0:
            pass
        elif isinstance(timing, tuple) and timing[0] != "book":
            nd, nt = timing
            if (nd, nt) <= (day, t):
                return None
            day, t = nd, nt
        else:
            gap = rng.randrange(2, 25) if role == "C" else rng.randrange(4, 70)
            if role == "N":
                gap = rng.randrange(1, 10)
            if text.startswith("Gigafibre :"):
                gap = 1
            t += gap
            if t > 20 * 60 + 30:
                day += 1
                t = rng.randrange(8 * 60, 9 * 60 + 30)
            if isinstance(timing, tuple) and timing[1]["day"] - day > 2:
                day, t = timing[1]["day"] - 2, rng.randrange(8 * 60 + 30, 11 * 60)
        if day > 0 or (day == 0 and t > MSG_CUTOFF):
            return None
        if isinstance(timing, tuple) and timing[0] == "book" and not 0 <= timing[1]["day"] - day <= 2:
            return None
        out.append((day, t))
    return out


def pick_delivery():
    return weighted([("delivered", 85), ("sent", 6), ("undelivered", 5), ("failed", 4)])


ticket_specs = []   # (cust, loc, category, job or None, status)

# Linked tickets.
linked_plan = [("panne", 5), ("sat", 3), ("routeur", 3), ("install", 3), ("dem", 2), ("tel", 1), ("tele", 1)]
for group, count in linked_plan:
    pool = [j for j in jobs if GROUP.get(j["_cat"], j["_cat"]) == group and j["status"] != "Cancelled"
            and CUST[j["customer"]]["language"] == "fr"
            and not (group in ("sat", "dem") and CUST[j["customer"]]["_company"])]
    pool.sort(key=lambda j: (0 if j["customer"] == "C0001" else 1, rng.random()))
    # Prefer a spread of job statuses.
    chosen, seen = [], []
    for j in pool:
        if len(chosen) == count:
            break
        if j["status"] in seen and len([x for x in pool if x["status"] not in seen]) > 0 and j["customer"] != "C0001":
            continue
        chosen.append(j)
        seen.append(j["status"])
    for j in pool:
        if len(chosen) == count:
            break
        if j not in chosen:
            chosen.append(j)
    assert len(chosen) == count, group
    for j in chosen:
        ticket_specs.append((CUST[j["customer"]], LOC[j["location"]], group, j))
        ticketed.add(j["customer"])

# Unlinked tickets.
job_customers = {j["customer"] for j in jobs}
fr_active = [c for c in customers if c["status"] == "active" and c["language"] == "fr"
             and not c["_company"] and c["name"] not in job_customers
             and c["name"] not in ticketed and c["name"] not in overdue_customers
             and c["_locs"][0]["status"] == "active"]
rng.shuffle(fr_active)
pay_pool = [CUST[n] for n in overdue_customers if CUST[n]["language"] == "fr" and n not in ticketed
            and not CUST[n]["_company"] and n not in job_customers]
pay_pool.sort(key=lambda c: (0 if "payment_issue" in c["flags"] else 1, c["name"]))
for group, count in [("lent", 4), ("facture", 4), ("paiement", 4), ("forfait", 2),
                     ("panne_remote", 2), ("wifi", 2)]:
    for _ in range(count):
        if group == "paiement":
            cust = pay_pool.pop(0)
        elif group == "facture":
            cust = next(c for c in fr_active if c["name"] in billed and len(
                [s for s in c["_subs"] if s["status"] == "active"]) >= 2)
            fr_active.remove(cust)
        elif group == "forfait":
            cust = next(c for c in fr_active if c["_locs"][0]["_subs"][0]["plan"] in ("Fibre 100", "Fibre 500")
                        and is_fibre(c["_locs"][0]))
            fr_active.remove(cust)
        else:
            cust = next(c for c in fr_active if is_fibre(c["_locs"][0]))
            fr_active.remove(cust)
        ticket_specs.append((cust, cust["_locs"][0], group, None))
        ticketed.add(cust["name"])
assert len(ticket_specs) == 36

agent_cycle = [a[2] for a in AGENTS]
generic_status = ["Closed", "Closed", "Closed", "Closed", "Resolved", "Resolved", "Resolved", "Replied",
                  "Open", "Replied", "Open", "Resolved"]
rng.shuffle(generic_status)
raw_tickets = []
for idx, (cust, loc, group, job) in enumerate(ticket_specs):
    ctx = make_ctx(cust, loc)
    contact = primary_contact(cust)
    unassigned_ticket = job is None and group in ("lent", "panne_remote", "wifi", "facture") and \
        sum(1 for t in raw_tickets if not t["assigned_to"]) < 5 and rng.random() < 0.45
    email_thread = job is None and not unassigned_ticket and group in ("lent", "facture", "forfait") \
        and sum(1 for t in raw_tickets if t["email_thread"]) < 3
    agent_email = "" if unassigned_ticket else agent_cycle[idx % 3]
    agent_first = next((a[0] for a in AGENTS if a[2] == agent_email), "")

    if job is not None:
        lines = LINKED[job["_cat"]](ctx, job)
        subject = ctx.pop("subject", None) or rng.choice(LINKED_SUBJECT[group])
        priority = {"panne": "High", "sat": "Medium", "routeur": "High", "install": "Medium",
                    "dem": "Medium", "tel": "Medium", "tele": "Medium"}[group]
        if group == "panne" and ("business_sla" in cust["flags"] or job["priority"] == "urgent"):
            priority = "Urgent"
        desc = LINKED_DESC["aerial" if job["subject"] in AERIAL_OPENERS else group]
        st = job["status"]
        status = {"Completed": "Resolved", "En Route": "Replied", "On Site": "Replied",
                  "Scheduled": "Replied", "Unassigned": "Replied", "On Hold": "On Hold"}[st]
        if st == "Completed" and job["day"] < 0:
            status = "Closed"
        if st in ("Scheduled", "Unassigned") and rng.random() < 0.4:
            status = "Open"
    else:
        func, subjects, priority, desc = UNLINKED[group]
        if group == "facture":
            ctx["invoice"] = billed[cust["name"]][-1]
            ctx["services"] = ["%s (%s)" % (s["plan"], money_fr(Decimal("%.2f" % s["price"])))
                               for s in cust["_subs"] if s["status"] == "active" and s["start_day"] <= -5]
        if group == "paiement":
            ctx["overdue"] = sum((r["outstanding_amount"] for r in billed[cust["name"]] if r["status"] == "Overdue"),
                                 Decimal("0"))
        lines = func(ctx)
        subject = rng.choice(subjects)
        if group == "paiement":
            status = ["On Hold", "Replied"][sum(1 for t in raw_tickets if t["group"] == "paiement") % 2]
        elif group == "forfait":
            status = "Replied"
        elif unassigned_ticket:
            status = "Open"
        else:
            status = generic_status.pop()
        # Trim the conversation to fit the status.
        convo = lines
        if unassigned_ticket:
            ack = ("S", "Gigafibre : nous avons bien reçu votre message (dossier {ticket}). Un agent vous répondra "
                        "sous peu.", None)
            follow = ("C", rng.choice(["Merci. C'est assez urgent, je travaille de la maison.",
                                       "Merci, j'attends de vos nouvelles."]), None)
            convo = [lines[0], ack] + ([follow] if rng.random() < 0.6 else [])
        elif status == "Open":
            convo = [l for l in lines if l[0] != "N"][:3]
        elif status == "Replied" and group not in ("paiement", "forfait"):
            convo = [l for l in lines if l[0] != "N"][:rng.choice([2, 4])]
        lines = convo

    lines = [l for l in lines if l[0] not in ("N", "PC", "PS")] if len(lines) > 8 else lines
    if len(lines) > 8:
        lines = lines[:8]
    # Keep at most one note, and drop trailing notes.
    while lines and lines[-1][0] == "N":
        lines.pop()

    # Opening day and time.
    for attempt in range(40):
        if job is not None:
            book_day = job["day"]
            back = rng.choice([1, 1, 2, 2, 3]) + attempt // 8
            open_day = max(-20, book_day - back)
            if job["_cat"] == "install":
                open_day = max(-20, book_day - rng.choice([1, 2, 2]))
        else:
            if status in ("Resolved", "Closed"):
                open_day = rng.randrange(-20, -3)
            elif status == "On Hold":
                open_day = rng.randrange(-12, -1)
            elif status == "Replied":
                open_day = rng.randrange(-6, 0)
            else:
                open_day = rng.randrange(-3, 1)
            if attempt >= 10:
                open_day = min(open_day, -1)
        open_time = rng.randrange(7 * 60 + 5, 19 * 60) if open_day < 0 else rng.randrange(7 * 60 + 5, 9 * 60)
        when = schedule(lines, open_day, open_time)
        if when is not None:
            break
    else:
        raise SystemExit("cannot place thread for %s" % cust["name"])

    raw_tickets.append({"cust": cust, "loc": loc, "group": group, "job": job, "lines": lines,
                        "when": when, "subject": subject, "status": status, "priority": priority,
                        "desc": desc, "assigned_to": agent_email, "agent_first": agent_first,
                        "email_thread": email_thread, "contact": contact, "ctx": ctx})

raw_tickets.sort(key=lambda t: (t["when"][0], t["cust"]["name"]))
for k, t in enumerate(raw_tickets):
    t["name"] = "ISS-2026-%05d" % (k + 1)

for t in raw_tickets:
    cust, contact, ctx = t["cust"], t["contact"], t["ctx"]
    phone164 = e164(contact["_phone"])
    qui = he_she(cust)
    description = t["desc"].format(qui=qui, qui_min=qui[0].lower() + qui[1:])
    if cust["_company"]:
        description = description.replace("Le client", "L'entreprise").replace("le client", "l'entreprise")
    tickets.append({
        "name": t["name"], "customer": cust["name"], "subject": t["subject"], "status": t["status"],
        "priority": t["priority"], "opening_day": t["when"][0][0], "opening_time": fmt_hm(t["when"][0][1]),
        "raised_by": contact["email"] if t["email_thread"] else phone164,
        "assigned_to": t["assigned_to"], "description": description,
    })
    staff = t["assigned_to"] or SUPPORT_EMAIL
    greeted = False
    for (role, text, timing), (day, minute) in zip(t["lines"], t["when"]):
        fields = dict(ctx)
        fields.update(agent=t["agent_first"] or "l'équipe", ticket=t["name"], quand="", plage="")
        if isinstance(timing, tuple) and timing[0] == "book":
            fields["quand"] = quand(day, timing[1]["day"])
            fields["plage"] = plage(timing[1])
        content = text.format(**fields).replace(" .", ".").replace("  ", " ").replace(" ,", ",")
        if role == "S" and not greeted and not content.startswith(("Bonjour", "Gigafibre")):
            intro = "Bonjour %s, ici %s de Gigafibre. " % (ctx["prenom"], t["agent_first"]) if t["agent_first"] \
                else "Bonjour %s, " % ctx["prenom"]
            content = intro + content[0].upper() + content[1:]
        if role == "S":
            greeted = True
        if t["email_thread"] and role in ("C", "S"):
            medium = "Email"
        elif role in ("PC", "PS"):
            medium = "Phone"
        elif role == "N":
            medium = "Note"
        else:
            medium = "SMS"
        if medium == "Email":
            if role == "C":
                if content.startswith("Bonjour, "):
                    content = content[9].upper() + content[10:]
                content = "Bonjour,\n\n%s\n\n%s %s" % (content, contact["first_name"], contact["last_name"])
            else:
                body = content
                if body.startswith("Bonjour"):
                    body = body.split(". ", 1)[1] if ". " in body else body
                agent_name = next(("%s %s" % (a[0], a[1]) for a in AGENTS if a[2] == staff), "Service à la clientèle")
                content = "Bonjour %s,\n\n%s\n\n%s\nService à la clientèle, Gigafibre" % (ctx["prenom"], body, agent_name)
        if role in ("C", "PC"):
            direction = "Received"
            sender = contact["email"] if medium == "Email" else phone164
        else:
            direction = "Sent"
            sender = staff
        delivery, error = "", 0
        if medium == "SMS" and direction == "Sent":
            delivery = "delivered" if "est en route" in content else pick_delivery()
            if delivery == "failed":
                error = 30003
        messages.append({"ticket": t["name"], "customer": cust["name"], "medium": medium,
                         "direction": direction, "sender": sender, "content": content,
                         "day": day, "time": fmt_hm(minute), "delivery_status": delivery,
                         "error_code": error})

# Make sure every delivery outcome shows up at least once.
sent_sms = [m for m in messages if m["medium"] == "SMS" and m["direction"] == "Sent"
            and "est en route" not in m["content"]]
for outcome in ["sent", "undelivered", "failed"]:
    if not any(m["delivery_status"] == outcome for m in sent_sms):
        m = [x for x in sent_sms if x["delivery_status"] == "delivered"][rng.randrange(0, 20)]
        m["delivery_status"] = outcome
        m["error_code"] = 30003 if outcome == "failed" else 0
for k, m in enumerate(messages):
    m["name"] = "COMM-%05d" % (k + 1)

# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------


def pick(rec, fields):
    out = {}
    for f in fields:
        v = rec[f]
        if isinstance(v, Decimal):
            v = float(v)
        out[f] = v
    return out


def write(name, rows):
    path = os.path.join(OUT_DIR, name)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(rows, fh, ensure_ascii=False, indent=1, sort_keys=False)
        fh.write("\n")


os.makedirs(OUT_DIR, exist_ok=True)
write("customers.json", [pick(c, ["name", "customer_name", "customer_type", "status", "flags", "notes",
                                  "language", "since_day"]) for c in customers])
write("contacts.json", [pick(c, ["name", "customer", "first_name", "last_name", "phone", "mobile", "email",
                                 "is_primary"]) for c in contacts])
write("locations.json", [pick(l, ["name", "customer", "address_line", "city", "province", "postal_code",
                                  "latitude", "longitude", "connection_type", "olt_port", "vlan", "status"])
                         for l in locations])
write("equipment.json", [pick(e, ["name", "customer", "location", "equipment_type", "brand", "model", "serial",
                                  "mac", "status", "device_id"]) for e in equipment])
write("subscriptions.json", [pick(s, ["name", "customer", "location", "plan", "price", "status", "start_day"])
                             for s in subscriptions])
write("invoices.json", [pick(i, ["name", "customer", "posting_day", "due_day", "grand_total",
                                 "outstanding_amount", "status"]) for i in invoices])
write("technicians.json", technicians)
write("jobs.json", [pick(j, ["name", "customer", "location", "subject", "job_type", "priority", "status",
                             "technician", "assistants", "required_techs", "tags", "day", "start_time",
                             "duration_min", "notes", "equipment"]) for j in jobs])
write("tickets.json", tickets)
write("messages.json", [pick(m, ["name", "ticket", "customer", "medium", "direction", "sender", "content", "day",
                                 "time", "delivery_status", "error_code"]) for m in messages])
write("tags.json", [{"name": s, "color": c} for s, c in zip(SKILLS, SKILL_COLORS)])

README = """# Demo workspace

Fictional customers of a fibre ISP in a real service area: Saint-Jean-sur-Richelieu
and the surrounding Montérégie municipalities. Device-managed units (TP-Link XX230v
and Huawei BM632w) map to two real CPE data models; all people, companies,
addresses and accounts are invented. Days are offsets from today (0).

Files: customers.json, contacts.json, locations.json, equipment.json,
subscriptions.json, invoices.json, technicians.json, jobs.json, tickets.json,
messages.json, tags.json.

Regenerate with `python3 build-aux/make-demo.py`.
"""
with open(os.path.join(OUT_DIR, "README.md"), "w", encoding="utf-8") as fh:
    fh.write(README)
