"""Builds the labelled employer-matching corpus (deterministic): run it to regenerate.

    .venv/bin/python tests/data/build_corpus.py

employers.csv  ≥ 500 employers in the import format: national chains and brands (with
               franchisees, staffing agencies, subsidiaries, contractors, suppliers) and
               invented local businesses, some of them near-duplicates of each other.
employer_names.csv ≥ 300 messy names as workers type them (text, city, state) with the employer
               they must be linked to, or an empty `expected` where linking would be wrong.
"""

import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
rng = random.Random(4)
COLUMNS = ("name", "aliases", "naics", "relation", "related_to", "worksite", "street", "city",
           "state", "zip")
CITIES = [("Chicago", "IL", "606"), ("Los Angeles", "CA", "900"), ("New York", "NY", "100"),
          ("Houston", "TX", "770"), ("Phoenix", "AZ", "850"), ("Philadelphia", "PA", "191"),
          ("San Antonio", "TX", "782"), ("Miami", "FL", "331"), ("Seattle", "WA", "981"),
          ("Atlanta", "GA", "303"), ("Denver", "CO", "802"), ("Oakland", "CA", "946")]
STREETS = ["Main St", "Oak Ave", "Pine St", "Maple Ave", "Cedar St", "Elm St", "Washington Blvd",
           "Lake St", "Hill Rd", "Park Ave", "5th St", "8th Ave", "3rd St", "12th St", "Broadway",
           "Mission St", "Central Ave", "Grand Ave", "Madison St", "Jefferson Ave", "Clark St",
           "Western Ave", "Kedzie Ave", "Pulaski Rd", "Halsted St", "Ashland Ave"]

# name, aliases, naics
CHAINS = [
    ("Walmart", "Wal-Mart;Walmart Supercenter", "455211"), ("Amazon", "Amazon.com", "493110"),
    ("Target", "", "455211"), ("Starbucks", "", "722515"), ("Wendy's", "", "722513"),
    ("Taco Bell", "", "722513"), ("Domino's", "Dominos Pizza", "722513"),
    ("Chipotle Mexican Grill", "Chipotle", "722513"), ("Kroger", "", "445110"),
    ("Costco", "Costco Wholesale", "455211"), ("The Home Depot", "Home Depot", "444110"),
    ("Lowe's", "Lowes Home Improvement", "444110"), ("Dollar General", "", "455219"),
    ("Dollar Tree", "", "455219"), ("CVS Pharmacy", "CVS", "456110"),
    ("Walgreens", "", "456110"), ("FedEx", "Federal Express;FedEx Ground", "492110"),
    ("UPS", "United Parcel Service", "492110"), ("Tyson Foods", "Tyson", "311612"),
    ("JBS USA", "JBS;Swift", "311612"), ("Marriott", "Marriott Hotels", "721110"),
    ("Hilton", "Hilton Hotels", "721110"), ("Aramark", "", "722310"),
    ("Sodexo", "", "722310"), ("Compass Group", "", "722310"),
    ("ABM Industries", "ABM", "561720"), ("Allied Universal", "", "561612"),
    ("Instacart", "", "492210"), ("DoorDash", "Door Dash", "492210"), ("Uber", "", "485310"),
    ("Sysco", "", "424410"), ("Circle K", "", "457110"), ("H-E-B", "HEB", "445110"),
    ("Publix", "Publix Super Markets", "445110"), ("Albertsons", "", "445110"),
    ("Aldi", "", "445110"), ("Trader Joe's", "", "445110"), ("Whole Foods Market",
    "Whole Foods", "445110"), ("Panera Bread", "Panera", "722513"),
    ("Popeyes", "Popeyes Louisiana Kitchen", "722513"), ("KFC", "Kentucky Fried Chicken",
    "722513"), ("Pizza Hut", "", "722513"), ("Jack in the Box", "", "722513"),
    ("Sonic Drive-In", "Sonic", "722513"), ("Arby's", "", "722513"),
    ("Chick-fil-A", "Chick fil a", "722513"), ("IHOP", "", "722511"),
    ("Denny's", "", "722511"), ("Applebee's", "", "722511"), ("Olive Garden", "", "722511"),
    ("Cracker Barrel", "", "722511"), ("Family Dollar", "", "455219"),
    ("Ross Dress for Less", "Ross", "458110"), ("TJ Maxx", "T.J. Maxx", "458110"),
    ("Burlington", "Burlington Coat Factory", "458110"), ("Food 4 Less", "", "445110"),
    ("Smart & Final", "", "445110"), ("Sprouts Farmers Market", "Sprouts", "445110"),
    ("Safeway", "", "445110"), ("Sam's Club", "", "455211"),
]
BRANDS = {  # brand: (aliases, naics, franchisees)
    "McDonald's": ("McDonalds;Mickey D's;McD", "722513",
                   ["Golden Arches of Chicago LLC", "Lakeshore Restaurant Group LLC",
                    "Sunbelt Arches Inc", "Pacific Fries Management LLC"]),
    "Subway": ("Subway Sandwiches", "722513",
               ["Fresh Rolls Enterprises LLC", "Hero Bread Partners Inc", "Sandwich Row LLC"]),
    "7-Eleven": ("7 Eleven;Seven Eleven", "457110",
                 ["Corner Convenience Holdings LLC", "Nightowl Stores Inc",
                  "Quickstop Partners LLC"]),
    "Burger King": ("BK", "722513",
                    ["Crown Dining Group LLC", "Flame Grill Operators Inc",
                     "Whopper West LLC"]),
    "Dunkin'": ("Dunkin Donuts;Dunkin", "722515",
                ["Morning Ring Foods LLC", "Coffee Cruller Group Inc", "Glaze Ventures LLC"]),
}
RELATED = [  # name, aliases, naics, relation, related_to
    ("PeopleReady", "TrueBlue;People Ready", "561320", "staffing_agency", "Amazon"),
    ("Staffmark", "", "561320", "staffing_agency", "Tyson Foods"),
    ("Labor Finders", "", "561320", "staffing_agency", "Walmart"),
    ("Integrity Staffing Solutions", "Integrity Staffing", "561320", "staffing_agency",
     "Amazon"),
    ("Brightstar Janitorial Services", "Brightstar Cleaning", "561720", "contractor", "Target"),
    ("Prime Shine Building Maintenance", "", "561720", "contractor", "Walmart"),
    ("Valley Fresh Packing Co", "Valley Fresh", "311991", "supplier", "Walmart"),
    ("Harvest Gold Poultry", "", "311615", "supplier", "KFC"),
]
SUBSIDIARIES = [("Safeway", "Albertsons"), ("Sam's Club", "Walmart"), ("Whole Foods Market",
                "Amazon"), ("Food 4 Less", "Kroger")]
LOCAL_FIRST = ["Golden Dragon", "Sunrise", "El Rancho", "La Esperanza", "Lucky Star",
               "Royal Palace", "Blue Sky", "Green Valley", "Sunset", "Paradise", "Liberty",
               "Eagle", "Tropical", "Maria's", "Rosa's", "Tony's", "Happy Family", "Jade Garden",
               "La Michoacana", "Los Compadres", "Silver Moon", "Evergreen", "Crystal",
               "Diamond", "Pacific", "Atlantic", "Mountain View", "Riverside", "Lakeside",
               "Bright Horizon", "New Hope", "Little Saigon", "Pho Saigon", "Seoul Garden",
               "Manila", "Caribbean", "Bella Vista", "Casa Blanca", "Don Pedro", "El Super",
               "Super A", "Mi Pueblo", "Tierra Santa", "Nuevo Leon", "Jalisco", "Oaxaca",
               "Pearl River", "Lotus", "Bamboo", "Saffron"]
LOCAL_TYPE = [("Restaurant", "722511"), ("Express", "722513"), ("Laundromat", "812310"),
              ("Car Wash", "811192"), ("Nail Salon", "812113"), ("Cleaning Services", "561720"),
              ("Home Care", "621610"), ("Bakery", "311811"), ("Taqueria", "722513"),
              ("Market", "445110"), ("Supermarket", "445110"), ("Construction", "236220"),
              ("Landscaping", "561730"), ("Meat Packing", "311612"), ("Warehouse", "493110"),
              ("Motel", "721110"), ("Deli", "722513"), ("Senior Living", "623311")]

rows, names = [], []


def add(name, aliases="", naics="", relation="", related_to="", sites=()):
    base = {"name": name, "aliases": aliases, "naics": naics, "relation": relation,
            "related_to": related_to}
    if not sites:
        rows.append(base | dict.fromkeys(("worksite", "street", "city", "state", "zip"), ""))
    for label, street, (city, state, zip3) in sites:
        rows.append(base | {"worksite": label, "street": street, "city": city, "state": state,
                            "zip": f"{zip3}{rng.randint(10, 99)}"})


def site_list(name, count):
    chosen = rng.sample(CITIES, count)
    return [(f"{name} - {street}", f"{rng.randint(100, 9999)} {street}", city)
            for city, street in ((c, rng.choice(STREETS)) for c in chosen)]


for name, aliases, naics in CHAINS:
    add(name, aliases, naics, sites=site_list(name, rng.randint(1, 3)))
franchise_sites = {}
for brand, (aliases, naics, franchisees) in BRANDS.items():
    add(brand, aliases, naics)
    for index, franchisee in enumerate(franchisees):
        if franchisee == "Golden Arches of Chicago LLC":
            sites = [(f"{brand} - 5th St", "1420 5th St", CITIES[0]),
                     (f"{brand} - Madison", "300 W Madison St", CITIES[0])]
        else:
            city = CITIES[(index * 3 + len(brand)) % len(CITIES)]
            streets = rng.sample([s for s in STREETS if s != "5th St"], rng.randint(1, 2))
            sites = [(f"{brand} - {s.split()[0]}", f"{rng.randint(100, 9999)} {s}", city)
                     for s in streets]
        franchise_sites[franchisee] = (brand, sites)
        add(franchisee, "", naics, "franchisee", brand, sites)
for name, aliases, naics, relation, related_to in RELATED:
    add(name, aliases, naics, relation, related_to, site_list(name, 1))
for child, parent in SUBSIDIARIES:
    for row in rows:
        if row["name"] == child:
            row["relation"], row["related_to"] = "subsidiary", parent
local = []
pairs = [(first, kind) for first in LOCAL_FIRST for kind in LOCAL_TYPE]
rng.shuffle(pairs)
held_out = pairs[420:470]  # never in the registry: names workers use that we do not know
for first, (kind, naics) in pairs[:420]:
    name = f"{first} {kind}"
    local.append(name)
    add(name, "", naics, sites=[(name, f"{rng.randint(100, 9999)} {rng.choice(STREETS)}",
                                 rng.choice(CITIES))])
registry_names = {row["name"] for row in rows}
city_of = {}
for row in rows:
    city_of.setdefault(row["name"], (row["city"], row["state"]))


def typo(word):
    if len(word) < 5 or not word.isalpha():
        return word
    i = rng.randint(1, len(word) - 2)
    kind = rng.choice(["swap", "drop", "double"])
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "drop":
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]


def messy(name):
    text = name.replace("'", "") if rng.random() < 0.6 else name
    words = text.split()
    if rng.random() < 0.5:
        j = rng.randrange(len(words))
        words[j] = typo(words[j])
    text = " ".join(words)
    if rng.random() < 0.7:
        text = text.lower()
    template = rng.choice(["{}", "{}", "{}", "i work at {}", "the {}", "trabajo en {}",
                           "{} store", "en el {}", "{} on " + rng.choice(["main", "oak ave"])])
    return template.format(text)


def label(text, expected, name_for_city=None, with_city=True):
    city, state = city_of.get(name_for_city or expected, ("", ""))
    if not with_city or rng.random() < 0.15:
        city, state = "", ""
    names.append({"text": text, "city": city, "state": state, "expected": expected})


for name, _aliases, _naics in CHAINS:
    for _ in range(2):
        label(messy(name), name)
for name in rng.sample(local, 150):
    label(messy(name), name)
for name, *_ in RELATED:
    label(messy(name), name)
for franchisee, (brand, sites) in franchise_sites.items():
    site_label, street, (city, state, _zip) = sites[0]
    short = street.split(" ", 1)[1]
    brand_text = rng.choice([brand.lower().replace("'", ""), brand])
    names.append({"text": f"{brand_text} {short.lower()}", "city": city, "state": state,
                  "expected": franchisee})
    names.append({"text": f"{brand_text} on {short.split()[0].lower()}", "city": city,
                  "state": state, "expected": franchisee})
for brand in BRANDS:
    names.append({"text": brand.lower().replace("'", ""), "city": "", "state": "",
                  "expected": brand})
HAND = [
    ("mcdonalds 5th st", "Chicago", "IL", "Golden Arches of Chicago LLC"),
    ("McDonald's on 5th", "Chicago", "IL", "Golden Arches of Chicago LLC"),
    ("mcdonalds madison st", "Chicago", "IL", "Golden Arches of Chicago LLC"),
    ("mickey d's", "", "", "McDonald's"),
    ("Wal-Mart Supercenter #2231", "Houston", "TX", "Walmart"),
    ("walmartsupercenter", "", "", "Walmart"),
    ("trabajo en el walmart de la calle 8", "Miami", "FL", "Walmart"),
    ("en la bodega de amazon", "", "", "Amazon"),
    ("the agency that sends me to the amazon warehouse", "", "", "Amazon"),
    ("people ready", "Chicago", "IL", "PeopleReady"),
    ("peopleready agency", "", "", "PeopleReady"),
    ("home depo", "", "", "The Home Depot"),
    ("homedepot", "", "", "The Home Depot"),
    ("dunkin donuts", "", "", "Dunkin'"),
    ("chipotle", "", "", "Chipotle Mexican Grill"),
    ("chick fil a", "", "", "Chick-fil-A"),
    ("chikfila", "", "", "Chick-fil-A"),
    ("wendys", "", "", "Wendy's"),
    ("target store #1120", "", "", "Target"),
    ("fed ex ground", "", "", "FedEx"),
    ("tyson chicken plant", "", "", "Tyson Foods"),
    ("trader joes", "", "", "Trader Joe's"),
    ("7eleven", "", "", "7-Eleven"),
    ("seven eleven", "", "", "7-Eleven"),
    ("burguer king", "", "", "Burger King"),
    ("brightstar cleaning", "", "", "Brightstar Janitorial Services"),
    ("the store", "", "", ""), ("restaurant", "", "", ""), ("my job", "", "", ""),
    ("no se", "", "", ""), ("la fabrica", "", "", ""), ("warehouse", "", "", ""),
    ("cleaning company", "", "", ""), ("a factory", "", "", ""), ("construction", "", "", ""),
    ("the restaurant on main", "", "", ""), ("joe's pizza on main", "", "", ""),
    ("la tienda de la esquina", "", "", ""), ("hotel", "", "", ""), ("car wash", "", "", ""),
    ("golden dragon", "", "", ""), ("sunrise", "", "", ""), ("el super", "", "", ""),
]
for text, city, state, expected in HAND:
    names.append({"text": text, "city": city, "state": state, "expected": expected})
for first, (kind, _naics) in held_out:
    names.append({"text": messy(f"{first} {kind}"), "city": rng.choice(CITIES)[0],
                  "state": "", "expected": ""})
# A bare first name is ambiguous whenever the registry holds several businesses under it.
firsts = {}
for name in local:
    firsts.setdefault(name.rsplit(" ", 2)[0], []).append(name)
for row in names:
    if row["text"].lower() in {f.lower() for f, group in firsts.items() if len(group) > 1}:
        row["expected"] = ""

assert all(row["related_to"] in registry_names for row in rows if row["related_to"])
assert all(row["expected"] in registry_names for row in names if row["expected"])
with (HERE / "employers.csv").open("w", newline="", encoding="utf-8") as handle:
    writer = csv.DictWriter(handle, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
with (HERE / "employer_names.csv").open("w", newline="", encoding="utf-8") as handle:
    writer = csv.DictWriter(handle, fieldnames=("text", "city", "state", "expected"))
    writer.writeheader()
    writer.writerows(names)
print(f"{len(registry_names)} employers in {len(rows)} rows; {len(names)} labelled names, "
      f"{sum(1 for n in names if not n['expected'])} of them not to be linked")
