"""Generates the employer-matching test corpus. Deterministic, standard library only:

    python3 tests/data/make_corpus.py

registry.csv     the employer registry in the import format, one row per (employer, worksite):
                 name,aliases,naics,relation,related_to,worksite,street,city,state,zip
                 Real national low-wage employers and brands (brands with franchisees that have
                 their own legal names, parents with subsidiaries, staffing agencies, contractors,
                 suppliers) and invented local businesses, some of them near-duplicates.
messy_names.csv  what workers type as their employer: text,city,state,expected. `expected` is the
                 exact registry `name` the report should be linked to, or empty when linking
                 automatically would be wrong (not in the registry, too vague, ambiguous).

Labelling rules:
- a brand name with a street or store number that identifies one franchisee's worksite is that
  franchisee; a brand name alone (or with a street where the brand has no known worksite) is the
  brand itself, even when the worker's city has a single franchisee (the registry is incomplete);
- a staffing agency, contractor or supplier is expected only when it is named; when only the
  client is named ("the agency that sends me to amazon"), the client is expected;
- a subsidiary named by its own banner ("safeway") is the subsidiary, not the parent.
"""

import csv
import random
import re
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
rng = random.Random(4)

REGISTRY_COLUMNS = ["name", "aliases", "naics", "relation", "related_to", "worksite", "street",
                    "city", "state", "zip"]
NAMES_COLUMNS = ["text", "city", "state", "expected"]

# ---------------------------------------------------------------------------------------------
# Places
# ---------------------------------------------------------------------------------------------
CITIES = {
    "CHI": ("Chicago", "IL", (60601, 60661), [
        "W Madison St", "S Halsted St", "N Ashland Ave", "W Fullerton Ave", "S Kedzie Ave",
        "N Milwaukee Ave", "W Cermak Rd", "S Pulaski Rd", "W 26th St", "N Clark St",
        "W North Ave", "S Western Ave", "W Belmont Ave", "W Roosevelt Rd", "S Archer Ave"]),
    "LA": ("Los Angeles", "CA", (90001, 90068), [
        "S Figueroa St", "S Vermont Ave", "W Pico Blvd", "Sunset Blvd", "W Olympic Blvd",
        "S Broadway", "E Cesar Chavez Ave", "S Central Ave", "Crenshaw Blvd", "S Alameda St",
        "W Adams Blvd", "Santa Monica Blvd", "E Florence Ave", "Whittier Blvd"]),
    "NY": ("New York", "NY", (10001, 10040), [
        "Broadway", "8th Ave", "Lexington Ave", "W 125th St", "E 14th St", "Amsterdam Ave",
        "St Nicholas Ave", "Canal St", "Delancey St", "2nd Ave", "W 34th St", "Dyckman St",
        "Frederick Douglass Blvd"]),
    "HOU": ("Houston", "TX", (77002, 77099), [
        "Westheimer Rd", "Bellaire Blvd", "Richmond Ave", "Gessner Rd", "Airline Dr",
        "Telephone Rd", "Harrisburg Blvd", "Long Point Rd", "S Main St", "Navigation Blvd",
        "Fondren Rd", "Hillcroft Ave"]),
    "PHX": ("Phoenix", "AZ", (85003, 85051), [
        "E Camelback Rd", "W Indian School Rd", "N 19th Ave", "W McDowell Rd", "E Van Buren St",
        "N 35th Ave", "W Thomas Rd", "S Central Ave", "E Baseline Rd", "N 7th St",
        "W Bethany Home Rd"]),
    "PHL": ("Philadelphia", "PA", (19102, 19154), [
        "N Broad St", "Market St", "Frankford Ave", "Castor Ave", "Germantown Ave", "S 9th St",
        "Passyunk Ave", "Girard Ave", "Roosevelt Blvd", "Lehigh Ave", "Spring Garden St"]),
    "SA": ("San Antonio", "TX", (78201, 78251), [
        "Culebra Rd", "Bandera Rd", "Fredericksburg Rd", "S Zarzamora St", "SW Military Dr",
        "Nogalitos St", "W Commerce St", "Pleasanton Rd", "Blanco Rd", "Rigsby Ave"]),
    "MIA": ("Miami", "FL", (33125, 33186), [
        "NW 7th Ave", "Biscayne Blvd", "NW 27th Ave", "W Flagler St", "Coral Way", "NW 36th St",
        "SW 27th Ave", "NW 79th St", "Bird Rd", "NW 17th Ave"]),
    "SEA": ("Seattle", "WA", (98101, 98199), [
        "Rainier Ave S", "Aurora Ave N", "15th Ave NW", "Pike St", "Lake City Way NE",
        "Delridge Way SW", "E Madison St", "1st Ave S", "University Way NE", "Beacon Ave S"]),
    "ATL": ("Atlanta", "GA", (30303, 30354), [
        "Peachtree St NE", "Buford Hwy NE", "Ponce de Leon Ave NE", "Campbellton Rd SW",
        "Metropolitan Pkwy SW", "Memorial Dr SE", "Cleveland Ave SW", "Moreland Ave SE",
        "Donald Lee Hollowell Pkwy NW"]),
    "DEN": ("Denver", "CO", (80202, 80249), [
        "E Colfax Ave", "S Federal Blvd", "W Alameda Ave", "S Broadway", "Santa Fe Dr",
        "W 38th Ave", "E Evans Ave", "Sheridan Blvd", "Havana St", "Morrison Rd"]),
    "OAK": ("Oakland", "CA", (94601, 94621), [
        "International Blvd", "Telegraph Ave", "Broadway", "MacArthur Blvd", "E 14th St",
        "Fruitvale Ave", "San Pablo Ave", "Foothill Blvd", "Grand Ave", "98th Ave"]),
}
CITY_KEYS = list(CITIES)
DIRS = {"N", "S", "E", "W", "NE", "NW", "SE", "SW"}
STREET_TYPES = {"St", "Ave", "Blvd", "Rd", "Dr", "Hwy", "Pkwy", "Way"}
AIRPORT = {"CHI": "MDW", "LA": "LAX", "NY": "JFK", "HOU": "IAH", "PHX": "PHX", "PHL": "PHL",
           "SA": "SAT", "MIA": "MIA", "SEA": "BFI", "ATL": "ATL", "DEN": "DEN", "OAK": "OAK"}


def street_parts(street):
    """'300 W Madison St' -> ('Madison', 'St'); 'Broadway' -> ('Broadway', '')."""
    words = street.split()
    if words[0].isdigit():
        words = words[1:]
    if len(words) > 1 and words[0] in DIRS:
        words = words[1:]
    while len(words) > 1 and words[-1] in DIRS:
        words = words[:-1]
    if len(words) > 1 and words[-1] in STREET_TYPES:
        return " ".join(words[:-1]), words[-1]
    return " ".join(words), ""


def street_label(street):
    """'300 W Madison St' -> 'Madison St' (as on a sign)."""
    words = street.split()[1:]
    if len(words) > 1 and words[0] in DIRS:
        words = words[1:]
    return " ".join(words)


# ---------------------------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------------------------
employers = {}  # name -> record, in insertion order


def add_employer(name, aliases="", naics="", kind="local", category="", relation="",
                 related_to=""):
    assert name not in employers, name
    employers[name] = {"name": name, "aliases": [a for a in aliases.split(";") if a],
                       "naics": naics, "kind": kind, "category": category,
                       "relation": relation, "related_to": related_to, "sites": []}
    return employers[name]


def add_site(name, label, street, city_key, number=None):
    city, state, (lo, hi), _ = CITIES[city_key]
    employers[name]["sites"].append({"label": label, "street": street, "city_key": city_key,
                                     "city": city, "state": state,
                                     "zip": f"{rng.randint(lo, hi):05d}", "number": number})


def pick_streets(count, where=None, used=None, exclude=()):
    """count (city_key, '1234 Street') pairs whose street names differ from each other and from
    `used` (a set updated in place)."""
    used = set() if used is None else used
    keys = list(where or CITY_KEYS)
    picked = []
    for _ in range(count):
        for _attempt in range(200):
            key = rng.choice(keys)
            street = rng.choice(CITIES[key][3])
            core = street_parts(street)[0].lower()
            if core in used or core in exclude:
                continue
            used.add(core)
            picked.append((key, f"{rng.randint(100, 9899)} {street}"))
            break
    return picked


# Real national employers. name, aliases, naics, label style, worksites, cities (None: any),
# label prefix. Styles: num ("<prefix> #1234"), store ("Store #1234"), street ("<prefix> - Oak
# St"), facility (Amazon building codes), none (no worksite).
CHAINS = [
    # big box, clubs, home centers, dollar stores, pharmacies
    ("Walmart", "Wal-Mart;Walmart Supercenter", "455211", "num", 1, None, "Walmart Supercenter"),
    ("Target", "Target Store", "455211", "store", 3, None, ""),
    ("Costco", "Costco Wholesale", "455211", "num", 2, None, "Costco Wholesale"),
    ("Sam's Club", "Sams Club", "455211", "num", 2, None, "Sam's Club"),
    ("BJ's Wholesale Club", "BJ's;BJs Wholesale", "455211", "num", 1, ["NY", "PHL", "MIA"],
     "BJ's Wholesale Club"),
    ("The Home Depot", "Home Depot", "444110", "num", 3, None, "The Home Depot"),
    ("Lowe's", "Lowe's Home Improvement;Lowes", "444110", "num", 2, None, "Lowe's"),
    ("Dollar General", "", "455219", "store", 2, None, ""),
    ("Dollar Tree", "", "455219", "store", 2, None, ""),
    ("Family Dollar", "", "455219", "store", 2, None, ""),
    ("Five Below", "", "455219", "street", 1, None, "Five Below"),
    ("CVS Pharmacy", "CVS;CVS Health", "456110", "num", 3, None, "CVS Pharmacy"),
    ("Walgreens", "Walgreen Co", "456110", "num", 3, None, "Walgreens"),
    ("Ross Dress for Less", "Ross;Ross Stores", "458110", "num", 2, None, "Ross Dress for Less"),
    ("TJ Maxx", "T.J. Maxx;TJMaxx", "455110", "num", 1, None, "TJ Maxx"),
    ("Marshalls", "", "455110", "num", 1, None, "Marshalls"),
    ("Burlington", "Burlington Coat Factory", "458110", "num", 1, None, "Burlington"),
    ("Old Navy", "", "458110", "street", 1, None, "Old Navy"),
    ("Kohl's", "Kohls", "455110", "num", 1, None, "Kohl's"),
    ("Macy's", "Macys", "455110", "street", 1, None, "Macy's"),
    ("Best Buy", "", "449210", "num", 1, None, "Best Buy"),
    ("AutoZone", "Auto Zone", "441330", "num", 1, None, "AutoZone"),
    ("Petco", "", "459910", "street", 1, None, "Petco"),
    # grocery
    ("Kroger", "Kroger Co", "445110", "num", 2, ["HOU", "ATL"], "Kroger"),
    ("Ralphs", "", "445110", "num", 1, ["LA"], "Ralphs"),
    ("King Soopers", "", "445110", "num", 1, ["DEN"], "King Soopers"),
    ("Fry's Food Stores", "Fry's;Frys Food", "445110", "num", 1, ["PHX"], "Fry's Food Store"),
    ("Fred Meyer", "", "455211", "num", 1, ["SEA"], "Fred Meyer"),
    ("Food 4 Less", "Food4Less", "445110", "street", 1, ["LA", "CHI"], "Food 4 Less"),
    ("Albertsons", "Albertsons Companies", "445110", "num", 1, ["PHX", "DEN", "HOU"],
     "Albertsons"),
    ("Safeway", "", "445110", "num", 2, ["DEN", "SEA", "OAK", "PHX"], "Safeway"),
    ("Vons", "", "445110", "num", 1, ["LA"], "Vons"),
    ("Jewel-Osco", "Jewel Osco;Jewel", "445110", "num", 1, ["CHI"], "Jewel-Osco"),
    ("Randalls", "", "445110", "num", 1, ["HOU"], "Randalls"),
    ("Acme Markets", "Acme", "445110", "num", 1, ["PHL"], "Acme Markets"),
    ("H-E-B", "HEB", "445110", "num", 2, ["HOU", "SA"], "H-E-B"),
    ("Publix", "Publix Super Markets", "445110", "num", 2, ["MIA", "ATL"], "Publix"),
    ("Aldi", "Aldi Foods", "445110", "street", 2, None, "Aldi"),
    ("Trader Joe's", "", "445110", "num", 2, None, "Trader Joe's"),
    ("Whole Foods Market", "Whole Foods", "445110", "street", 2, None, "Whole Foods Market"),
    ("Sprouts Farmers Market", "Sprouts", "445110", "street", 1, None, "Sprouts"),
    ("Smart & Final", "Smart and Final", "445110", "street", 1, ["LA", "OAK"], "Smart & Final"),
    ("Stop & Shop", "Stop and Shop", "445110", "num", 1, ["NY"], "Stop & Shop"),
    ("Vallarta Supermarkets", "Vallarta", "445110", "street", 1, ["LA"], "Vallarta"),
    ("Northgate Market", "Northgate Gonzalez Market", "445110", "street", 1, ["LA"],
     "Northgate Market"),
    ("Cardenas Markets", "Cardenas", "445110", "street", 1, ["LA", "PHX"], "Cardenas"),
    ("Fiesta Mart", "Fiesta", "445110", "street", 1, ["HOU"], "Fiesta Mart"),
    # convenience
    ("Circle K", "", "457110", "num", 2, None, "Circle K"),
    ("QuikTrip", "QT", "457110", "num", 1, ["PHX", "ATL", "HOU"], "QuikTrip"),
    # restaurants operated by the company
    ("Starbucks", "Starbucks Coffee", "722515", "street", 3, None, "Starbucks"),
    ("Chipotle Mexican Grill", "Chipotle", "722513", "street", 2, None, "Chipotle"),
    ("Panera Bread", "Panera", "722513", "street", 2, None, "Panera Bread"),
    ("Chick-fil-A", "Chick fil A", "722513", "street", 2, None, "Chick-fil-A"),
    ("Panda Express", "", "722513", "street", 2, None, "Panda Express"),
    ("Raising Cane's", "Raising Canes;Cane's", "722513", "street", 1, None, "Raising Cane's"),
    ("Whataburger", "", "722513", "street", 1, ["HOU", "SA", "PHX"], "Whataburger"),
    ("Little Caesars", "Little Caesars Pizza", "722513", "street", 1, None, "Little Caesars"),
    ("Papa John's", "Papa Johns Pizza", "722513", "street", 1, None, "Papa John's"),
    ("Dairy Queen", "DQ", "722515", "street", 1, None, "Dairy Queen"),
    ("Jersey Mike's", "Jersey Mike's Subs", "722513", "street", 1, None, "Jersey Mike's"),
    ("Jimmy John's", "", "722513", "street", 1, None, "Jimmy John's"),
    ("Wingstop", "Wing Stop", "722513", "street", 1, None, "Wingstop"),
    ("Carl's Jr.", "Carls Jr", "722513", "street", 1, ["LA", "PHX", "DEN"], "Carl's Jr."),
    ("El Pollo Loco", "", "722513", "street", 1, ["LA", "PHX", "HOU"], "El Pollo Loco"),
    ("Del Taco", "", "722513", "street", 1, ["LA", "PHX"], "Del Taco"),
    ("White Castle", "", "722513", "street", 1, ["CHI", "NY"], "White Castle"),
    ("Church's Texas Chicken", "Church's Chicken;Churchs", "722513", "street", 1,
     ["HOU", "SA", "ATL"], "Church's Chicken"),
    ("Olive Garden", "Olive Garden Italian Restaurant", "722511", "street", 1, None,
     "Olive Garden"),
    ("Cracker Barrel", "Cracker Barrel Old Country Store", "722511", "street", 1,
     ["ATL", "SA", "PHX"], "Cracker Barrel"),
    ("Golden Corral", "", "722511", "street", 1, None, "Golden Corral"),
    ("Red Lobster", "", "722511", "street", 1, None, "Red Lobster"),
    ("Chili's", "Chili's Grill & Bar;Chilis", "722511", "street", 1, None, "Chili's"),
    ("Buffalo Wild Wings", "BWW;B-Dubs", "722511", "street", 1, None, "Buffalo Wild Wings"),
    ("Texas Roadhouse", "", "722511", "street", 1, None, "Texas Roadhouse"),
    ("Outback Steakhouse", "Outback", "722511", "street", 1, None, "Outback Steakhouse"),
    # hotels
    ("Hyatt", "Hyatt Regency;Hyatt Hotels", "721110", "street", 1, None, "Hyatt Regency"),
    ("Holiday Inn", "Holiday Inn Express", "721110", "street", 2, None, "Holiday Inn"),
    ("Motel 6", "", "721110", "street", 2, None, "Motel 6"),
    ("Extended Stay America", "", "721110", "street", 1, None, "Extended Stay America"),
    # warehouses, delivery, gig platforms, distribution
    ("Amazon", "Amazon.com;Amazon Fulfillment", "493110", "facility", 3, None, ""),
    ("FedEx", "Federal Express;FedEx Ground", "492110", "street", 2, None, "FedEx Ground"),
    ("UPS", "United Parcel Service", "492110", "street", 2, None, "UPS"),
    ("DHL", "DHL Express", "492110", "street", 1, None, "DHL"),
    ("GXO Logistics", "GXO", "493110", "street", 1, None, "GXO"),
    ("Instacart", "Maplebear", "492210", "none", 0, None, ""),
    ("DoorDash", "Door Dash", "492210", "none", 0, None, ""),
    ("Uber", "Uber Eats;Uber Technologies", "485310", "none", 0, None, ""),
    ("Lyft", "", "485310", "none", 0, None, ""),
    ("Grubhub", "Grub Hub", "492210", "none", 0, None, ""),
    ("Shipt", "", "492210", "none", 0, None, ""),
    ("Sysco", "Sysco Foods", "424410", "street", 2, None, "Sysco"),
    ("US Foods", "", "424410", "street", 1, None, "US Foods"),
    # meat and poultry
    ("Tyson Foods", "Tyson", "311612", "street", 2, None, "Tyson Foods"),
    ("JBS USA", "JBS;Swift;JBS Swift", "311612", "street", 1, ["DEN", "CHI"], "JBS"),
    ("Pilgrim's Pride", "Pilgrim's;Pilgrims", "311615", "street", 1, ["ATL", "SA"],
     "Pilgrim's Pride"),
    ("Smithfield Foods", "Smithfield", "311612", "street", 1, None, "Smithfield"),
    ("Cargill", "Cargill Meat Solutions", "311612", "street", 1, None, "Cargill"),
    ("Perdue Farms", "Perdue", "311615", "street", 1, ["ATL", "PHL"], "Perdue"),
    ("Hormel Foods", "Hormel", "311612", "street", 1, None, "Hormel"),
    ("Koch Foods", "", "311615", "street", 1, ["CHI", "ATL"], "Koch Foods"),
    # contract services, security, staffing
    ("Aramark", "", "722310", "none", 0, None, ""),
    ("Sodexo", "", "722310", "none", 0, None, ""),
    ("Compass Group", "Compass Group USA;Chartwells", "722310", "none", 0, None, ""),
    ("ABM Industries", "ABM", "561720", "street", 1, None, "ABM"),
    ("Allied Universal", "Allied Universal Security", "561612", "street", 1, None,
     "Allied Universal"),
    ("G4S", "G4S Secure Solutions", "561612", "none", 0, None, ""),
    ("Securitas", "Securitas Security Services", "561612", "street", 1, None, "Securitas"),
    ("Cintas", "", "812332", "street", 1, None, "Cintas"),
    ("Kelly Services", "Kelly;Kelly Staffing", "561320", "street", 1, None, "Kelly Services"),
    ("Adecco", "Adecco Staffing", "561320", "street", 1, None, "Adecco"),
    ("ManpowerGroup", "Manpower", "561320", "street", 1, None, "Manpower"),
    ("Randstad", "Randstad USA", "561320", "street", 1, None, "Randstad"),
    ("TrueBlue", "TrueBlue Inc", "561320", "none", 0, None, ""),
    ("PeopleReady", "People Ready;Labor Ready", "561320", "street", 2, None, "PeopleReady"),
    ("Staffmark", "", "561320", "street", 1, None, "Staffmark"),
    ("Labor Finders", "", "561320", "street", 1, None, "Labor Finders"),
    ("Express Employment Professionals", "Express Employment", "561320", "street", 1, None,
     "Express Employment"),
    # care
    ("Brookdale Senior Living", "Brookdale", "623311", "street", 1, None, "Brookdale"),
    ("Genesis HealthCare", "Genesis", "623110", "street", 1, ["PHL", "NY"],
     "Genesis HealthCare"),
    # parents without worksites of their own
    ("Yum! Brands", "Yum Brands", "533110", "none", 0, None, ""),
    ("Restaurant Brands International", "RBI", "533110", "none", 0, None, ""),
    ("Inspire Brands", "", "533110", "none", 0, None, ""),
    ("Darden Restaurants", "Darden", "722511", "none", 0, None, ""),
    ("Dine Brands", "Dine Brands Global", "533110", "none", 0, None, ""),
    ("TJX Companies", "TJX", "455110", "none", 0, None, ""),
]
GIG = {"Instacart", "DoorDash", "Uber", "Lyft", "Grubhub", "Shipt"}
PARENTS = {"Yum! Brands", "Restaurant Brands International", "Inspire Brands",
           "Darden Restaurants", "Dine Brands", "TJX Companies", "TrueBlue"}
SUBSIDIARY_OF = {
    "Sam's Club": "Walmart", "Whole Foods Market": "Amazon", "Shipt": "Target",
    "Ralphs": "Kroger", "King Soopers": "Kroger", "Fry's Food Stores": "Kroger",
    "Fred Meyer": "Kroger", "Food 4 Less": "Kroger",
    "Safeway": "Albertsons", "Vons": "Albertsons", "Jewel-Osco": "Albertsons",
    "Randalls": "Albertsons", "Acme Markets": "Albertsons",
    "Taco Bell": "Yum! Brands", "KFC": "Yum! Brands", "Pizza Hut": "Yum! Brands",
    "Burger King": "Restaurant Brands International", "Popeyes": "Restaurant Brands International",
    "Dunkin'": "Inspire Brands", "Sonic Drive-In": "Inspire Brands", "Arby's": "Inspire Brands",
    "Buffalo Wild Wings": "Inspire Brands", "Olive Garden": "Darden Restaurants",
    "Applebee's": "Dine Brands", "IHOP": "Dine Brands",
    "TJ Maxx": "TJX Companies", "Marshalls": "TJX Companies",
    "Pilgrim's Pride": "JBS USA", "PeopleReady": "TrueBlue", "G4S": "Allied Universal",
}

# Franchised brands: the brand has no worksite of its own; each franchisee (its own legal name)
# runs 1-3 of the brand's locations in one or two cities. Every location of a brand is on a
# different street, so a street mention identifies one franchisee.
BRANDS = [
    ("McDonald's", "McDonalds;Mickey D's;McD", "722513", [
        ("Golden Arches of Chicago LLC", ["CHI"], 2),
        ("Lakeshore Restaurant Group LLC", ["CHI"], 2),
        ("Sunbelt Arches Inc", ["HOU", "SA"], 3),
        ("Pacific Fries Management LLC", ["LA", "OAK"], 3),
        ("Garden State Hospitality Group LLC", ["NY", "PHL"], 2)]),
    ("Subway", "Subway Sandwiches", "722513", [
        ("Fresh Rolls Enterprises LLC", ["NY"], 2), ("Hero Bread Partners Inc", ["PHX"], 2),
        ("Sandwich Row LLC", ["ATL", "MIA"], 2), ("Shah Subs Inc", ["HOU"], 1)]),
    ("7-Eleven", "7 Eleven;Seven Eleven;7-11", "457110", [
        ("Corner Convenience Holdings LLC", ["LA"], 2), ("Nightowl Stores Inc", ["DEN"], 2),
        ("Quickstop Partners LLC", ["SEA", "OAK"], 2), ("Singh Brothers Retail LLC", ["PHL"], 1)]),
    ("Burger King", "BK", "722513", [
        ("Crown Dining Group LLC", ["MIA"], 3), ("Flame Grill Operators Inc", ["CHI"], 2),
        ("Royal Flame Restaurants LLC", ["PHX", "DEN"], 2)]),
    ("Dunkin'", "Dunkin Donuts;Dunkin", "722515", [
        ("Morning Ring Foods LLC", ["NY"], 3), ("Coffee Cruller Group Inc", ["PHL"], 2),
        ("Glaze Ventures LLC", ["CHI", "MIA"], 2)]),
    ("Wendy's", "Wendys", "722513", [
        ("Frosty Hill Restaurants Inc", ["ATL", "HOU"], 2),
        ("Square Deal Burgers LLC", ["PHL", "NY"], 2)]),
    ("Taco Bell", "", "722513", [
        ("Desert Bell Restaurants LLC", ["PHX"], 2), ("Mesa Quick Service Group LLC", ["DEN"], 1),
        ("Bayside Taco Partners LLC", ["OAK", "LA"], 2)]),
    ("Popeyes", "Popeyes Louisiana Kitchen;Popeye's", "722513", [
        ("Bayou Chicken Partners LLC", ["HOU"], 2), ("Southern Crisp Holdings Inc", ["ATL"], 1)]),
    ("KFC", "Kentucky Fried Chicken", "722513", [
        ("Heartland Chicken Group Inc", ["CHI", "DEN"], 2)]),
    ("Pizza Hut", "", "722513", [("Hearthstone Pizza Partners LLC", ["SA", "HOU"], 2)]),
    ("Domino's", "Dominos Pizza;Domino's Pizza", "722513", [
        ("Slice Route Pizza LLC", ["SEA"], 2), ("Hot Box Delivery Inc", ["MIA"], 1)]),
    ("IHOP", "International House of Pancakes", "722511", [
        ("Short Stack Hospitality LLC", ["LA", "PHX"], 2)]),
    ("Applebee's", "Applebee's Grill + Bar;Applebees", "722511", [
        ("Neighborhood Grill Partners LLC", ["ATL", "CHI"], 2)]),
    ("Denny's", "Dennys", "722511", [("All Night Diners Inc", ["SA", "PHX"], 2)]),
    ("Sonic Drive-In", "Sonic", "722513", [("Carhop Ventures LLC", ["SA"], 2)]),
    ("Arby's", "Arbys", "722513", [("Prairie Roast LLC", ["DEN"], 1)]),
    ("Jack in the Box", "", "722513", [("Bay Box Restaurants LLC", ["OAK", "SEA"], 2)]),
    ("Hilton", "Hilton Hotels;Hilton Garden Inn", "721110", [
        ("Lakeview Hospitality LLC", ["CHI"], 1),
        ("Peach State Hotel Management Inc", ["ATL"], 2)]),
    ("Marriott", "Marriott Hotels;Courtyard by Marriott", "721110", [
        ("Riverbend Hospitality Group LLC", ["SA", "HOU"], 2)]),
    ("Home Instead", "Home Instead Senior Care", "624120", [
        ("Caring Companions of Denver LLC", ["DEN"], 1),
        ("Golden Hour Senior Services Inc", ["MIA"], 1)]),
    ("Visiting Angels", "", "624120", [("Angel Care Services of Phoenix LLC", ["PHX"], 1)]),
]

# Invented employers tied to a real or invented one: name, aliases, naics, relation, related_to,
# category, city keys (empty: no worksite).
RELATED = [
    ("Integrity Staffing Solutions", "Integrity Staffing", "561320", "staffing_agency", "Amazon",
     "staffing", ["PHL"]),
    ("Metro Staffing Partners", "", "561320", "staffing_agency", "Amazon", "staffing", ["CHI"]),
    ("Prime Labor Source LLC", "Prime Labor", "561320", "staffing_agency", "Tyson Foods",
     "staffing", ["ATL"]),
    ("Trabajos Ya Staffing", "Trabajos Ya", "561320", "staffing_agency", "JBS USA", "staffing",
     ["DEN"]),
    ("QuickCrew Staffing", "Quick Crew", "561320", "staffing_agency", "Sysco", "staffing",
     ["HOU"]),
    ("Brightway Janitorial Services", "Brightway Cleaning", "561720", "contractor", "Target",
     "cleaning", ["CHI"]),
    ("Clean Sweep Building Services", "Clean Sweep", "561720", "contractor", "Walmart",
     "cleaning", []),
    ("Metro Floor Care Inc", "", "561720", "contractor", "Kroger", "cleaning", ["HOU"]),
    ("Night Hawk Janitorial", "Nighthawk Janitorial", "561720", "contractor",
     "Whole Foods Market", "cleaning", []),
    ("Pro Shine Janitorial Inc", "", "561720", "contractor", "Costco", "cleaning", ["SEA"]),
    ("Swift Lane Logistics LLC", "Swift Lane", "492110", "contractor", "Amazon", "delivery",
     ["LA"]),
    ("Last Mile Express LLC", "", "492110", "contractor", "Amazon", "delivery", ["ATL"]),
    ("Blue Route Delivery Inc", "Blue Route", "492110", "contractor", "FedEx", "delivery",
     ["PHX"]),
    ("Valley Fresh Packing Co", "Valley Fresh", "311612", "supplier", "Walmart", "meat", ["SA"]),
    ("Harvest Gold Poultry LLC", "Harvest Gold", "311615", "supplier", "KFC", "meat", ["ATL"]),
    ("Southern Pride Poultry", "", "311615", "supplier", "Popeyes", "meat", ["HOU"]),
    ("Sunny Acres Egg Farm", "Sunny Acres", "112310", "supplier", "McDonald's", "meat", []),
]

# Invented local businesses by category: (naics, category, names).
LOCALS = [
    ("722511", "restaurant", [
        "Golden Dragon Restaurant", "Jade Garden Restaurant", "Great Wall Chinese Restaurant",
        "Hunan Garden", "Lucky Panda Restaurant", "Red Lantern Restaurant",
        "El Rincon Mexican Restaurant", "Los Compadres Restaurant", "La Fonda Restaurant",
        "El Charro Restaurant", "Casa Jalisco Restaurant", "Mi Tierra Restaurant",
        "La Parrilla Grill", "Las Palmas Restaurant", "Pho Saigon Restaurant", "Pho Ha Long",
        "Pho Tau Bay", "Lucky Star Diner", "Olympia Diner", "Parkside Diner", "Skyline Diner",
        "Seoul Garden Korean BBQ", "Arirang Korean BBQ", "Pupuseria La Bendicion",
        "Pupusería El Salvadoreño", "El Inca Peruvian Restaurant", "Mama's Soul Food Kitchen",
        "Bella Napoli Ristorante", "Athens Family Restaurant", "Taj Mahal Indian Restaurant",
        "Bangkok Thai Kitchen", "Little Manila Restaurant", "Caribbean Spice Restaurant",
        "Havana Nights Cafe", "La Casita Restaurant", "Blue Moon Bar & Grill",
        "Riverside Grill", "Harbor Seafood Restaurant", "Mariscos El Pescador",
        "Mariscos La Playa"]),
    ("722513", "fastfood", [
        "Golden Dragon Express", "Panda Wok Express", "King Wok Express", "China King Express",
        "Wing Palace", "Crispy Fried Chicken", "Pollos Asados El Gallo", "El Pollo Rey",
        "Big Al's Burgers", "Tony's Pizza & Wings", "Brooklyn Slice Pizza",
        "Philly Cheesesteak Corner", "Gyro King", "Falafel Palace", "Teriyaki Time",
        "Bento Box Express", "Hot Dog Heaven", "Donut Palace", "Sunrise Donuts",
        "Golden Donuts", "Boba Tea House", "Juice Stop", "Smoothie Island"]),
    ("722513", "taqueria", [
        "Taqueria El Paisa", "Taqueria Los Altos", "Taqueria La Estrella", "Taqueria El Guero",
        "Taqueria Michoacan", "Taqueria Jalisco", "Taqueria San Marcos", "Taqueria La Fogata",
        "Taqueria El Sol", "Taqueria Los Primos", "Taqueria Guadalajara", "Taqueria Arandas",
        "Tacos El Guero", "Tacos Don Chuy", "Tacos La Bamba", "Taquería La Única",
        "Taqueria El Farol", "Taqueria Tierra Caliente", "Taqueria Los Cocos",
        "Taqueria Oaxaca", "Taqueria El Torito", "Taqueria Las Cazuelas"]),
    ("311811", "bakery", [
        "Panadería La Esperanza", "Panaderia El Triunfo", "Panaderia Santa Cruz",
        "La Estrella Bakery", "Golden Crust Bakery", "Sunrise Bakery", "Sweet Bread Bakery",
        "Bread of Life Bakery", "Dulce Vida Bakery", "Tortilleria La Chiquita",
        "Tortilleria San Jose", "Tortilleria La Guadalupana"]),
    ("812310", "laundromat", [
        "Bubbles Laundromat", "Spin City Laundromat", "Suds City Laundry", "Wash & Fold Express",
        "Sunshine Laundromat", "Lucky Star Laundromat", "Lavandería El Sol",
        "Lavanderia Mi Pueblo", "Super Wash Laundromat", "Fluff N Fold Laundry",
        "Coin Wash Laundromat", "Happy Wash Laundromat", "Soap Opera Laundromat",
        "Tumble Dry Laundry", "Laundry Depot"]),
    ("811192", "carwash", [
        "Sparkle Hand Car Wash", "Splash Car Wash", "Crystal Clean Car Wash", "Sonic Car Wash",
        "Super Shine Car Wash", "Royal Hand Car Wash", "Blue Wave Car Wash", "Eagle Car Wash",
        "Rainbow Car Wash", "Bubble Bath Car Wash", "Jack's Car Wash", "Star Auto Spa",
        "Clean Machine Car Wash", "Los Amigos Car Wash", "Diamond Car Wash"]),
    ("812113", "nails", [
        "Lux Nails & Spa", "Perfect Nails", "Queen Nails", "Diamond Nails", "Lotus Nail Spa",
        "Happy Nails & Spa", "Elegant Nails", "Star Nails", "Pink Nail Bar", "VIP Nails",
        "Lucky Nails", "Tip Top Nails", "Crystal Nails & Spa", "Venus Nails", "Angel Nails",
        "Glamour Nails", "Top Nails", "Posh Nail Lounge", "Sunrise Nails"]),
    ("812112", "salon", [
        "Bella Hair Salon", "Estilos Beauty Salon", "Salon Latina", "Glamour Hair Studio",
        "Dominican Style Salon", "Salon Bonita", "Kings Barbershop", "Elite Cuts Barbershop",
        "Fade Masters Barbershop", "Unisex Beauty Salon Maria"]),
    ("561720", "cleaning", [
        "Sunshine Cleaning Services", "Spotless Commercial Cleaning LLC",
        "Crystal Clear Janitorial", "Green Clean Solutions LLC", "Royal Cleaning Services",
        "ABC Cleaning Services", "Maria's Cleaning Services", "Limpieza Total LLC",
        "Super Limpio Janitorial", "Eagle Janitorial Services", "Five Star Cleaning Co",
        "Diamond Janitorial", "Sparkling Touch Cleaning", "Fresh Start Cleaning",
        "Blue Ribbon Cleaning", "Happy Home Maids", "Premier Office Cleaning",
        "All Pro Building Maintenance", "Estrella Janitorial Inc", "Lone Star Janitorial"]),
    ("812320", "drycleaner", [
        "Royal Cleaners", "Presto Dry Cleaners", "One Hour Cleaners", "Spotless Dry Cleaning"]),
    ("493110", "warehouse", [
        "Midway Distribution Center Inc", "Gateway Logistics LLC", "Pacific Coast Warehousing",
        "Lone Star Fulfillment LLC", "Rapid Pack Fulfillment", "Summit Logistics Group",
        "Portside Distribution", "Crossroads Warehousing", "Eastside Storage & Distribution",
        "Desert Sun Logistics", "Windy City Warehousing", "Great Lakes Distribution",
        "Mile High Fulfillment", "Bay Area Cold Storage", "Southern Cold Storage",
        "Peach State Logistics", "Keystone Distribution Center", "Harbor Gateway Fulfillment"]),
    ("492110", "delivery", [
        "Metro Courier Services", "Speedy Parcel LLC", "On Time Delivery Inc",
        "Urban Route Logistics", "Red Arrow Delivery", "City Express Couriers",
        "Lightning Package Delivery"]),
    ("624120", "homecare", [
        "Sunrise Home Care", "Caring Hands Home Care", "Angels of Mercy Home Care",
        "Golden Years Home Care", "Heart to Heart Home Care", "Loving Care Home Health",
        "Bright Path Home Care", "Family First Home Care", "Helping Hands Home Care",
        "Mi Familia Home Care", "Amor y Cuidado Home Care", "Gentle Touch Home Care",
        "New Hope Home Health", "Guardian Angel Home Care", "Compassionate Care Home Health",
        "Silver Linings Home Care", "Home Sweet Home Care", "Trinity Home Health Services",
        "Blessed Hands Home Care"]),
    ("623110", "nursing", [
        "Sunrise Senior Living", "Lakeview Nursing & Rehabilitation Center",
        "Maple Grove Nursing Home", "Riverside Care Center", "Golden Years Nursing Home",
        "Park Manor Nursing Center", "Oak Hill Rehabilitation Center", "St. Anne's Nursing Home",
        "Evergreen Health & Rehab", "Willow Creek Care Center", "Harmony Senior Living",
        "Sunset Manor Nursing Home"]),
    ("236220", "construction", [
        "Pinnacle Builders Inc", "Summit Construction Group", "Rios Drywall LLC",
        "Lopez Framing Inc", "Apex Concrete LLC", "Martinez Roofing", "Golden State Builders",
        "Skyline Construction LLC", "Urban Build Contractors", "Mile High Roofing",
        "Lone Star Concrete", "Ironworks Steel Erectors", "Pro Paint & Drywall",
        "Garcia & Sons Construction", "Bay Bridge Builders", "Peachtree Framing LLC"]),
    ("561730", "landscaping", [
        "Green Valley Landscaping", "Evergreen Lawn Care", "Los Hermanos Landscaping",
        "Desert Oasis Landscaping", "Lone Star Lawn Service", "Emerald Gardens Landscaping",
        "Pacific Tree Service", "Sunset Landscaping"]),
    ("311612", "meat", [
        "Prairie Meats Inc", "Midwest Pork Processors", "Golden Plains Beef",
        "Windy City Meat Co", "Union Stockyards Packing", "Rio Grande Meat Processing",
        "Lone Star Beef Processors"]),
    ("315250", "garment", [
        "LA Fashion Sewing Inc", "Sunshine Apparel Inc", "Star Garment Factory", "Royal Knit Inc",
        "Golden Thread Apparel", "Downtown Cutting & Sewing", "Pacific Stitch Co",
        "Fashion District Garments"]),
    ("445110", "market", [
        "El Super", "Super A Foods", "Mi Pueblo Market", "Carniceria El Toro",
        "Carniceria Guanajuato", "Supermercado La Placita", "Supermercado El Progreso",
        "Tienda Mi Ranchito", "Golden Harvest Market", "Asia Supermarket", "Hong Kong Market",
        "Seoul Mart", "Jerusalem Market", "Caribbean Grocery", "Family Food Mart",
        "Sunrise Food Mart", "Quick Stop Market", "Corner Deli & Grocery", "Los Portales Market",
        "Los Compadres Market", "El Rancho Supermercado", "La Esperanza Market"]),
    ("721110", "hotel", [
        "Sunset Motel", "Budget Inn Motel", "Travelers Inn", "Royal Palace Hotel",
        "Downtown Grand Hotel", "Airport Plaza Hotel", "Harbor View Hotel", "Starlite Motel",
        "Blue Bonnet Inn", "Mission Inn Motel"]),
    ("561320", "staffing", [
        "Express Temp Services", "Workforce Solutions Group", "Reliable Temps Inc",
        "Staff Force Personnel", "Premier Temps LLC", "Sunrise Staffing",
        "Golden Staffing Solutions", "Manos Unidas Staffing"]),
    ("561612", "security", [
        "Guardian Security Services", "Eagle Eye Security", "Shield Protective Services",
        "Metro Patrol Security", "Night Watch Security"]),
    ("624410", "daycare", [
        "Little Angels Daycare", "ABC Learning Center", "Happy Kids Child Care",
        "Rainbow Kids Daycare", "Sunshine Daycare", "Tiny Steps Learning Center"]),
]
LOCAL_ALIASES = {
    "Super A Foods": "Super A", "Sunshine Cleaning Services": "Sunshine Cleaning",
    "Maria's Cleaning Services": "Limpieza Maria", "Panadería La Esperanza": "Panaderia Esperanza",
    "El Rancho Supermercado": "El Rancho Supermarket", "Happy Nails & Spa": "Happy Nails",
    "Pupusería El Salvadoreño": "Pupuseria Salvadorena",
    "Mama's Soul Food Kitchen": "Mama's Kitchen",
    "Lavandería El Sol": "Lavanderia El Sol Laundromat", "Seoul Garden Korean BBQ": "Seoul Garden",
    "Taj Mahal Indian Restaurant": "Taj Mahal", "Green Clean Solutions LLC": "Green Clean",
    "Ironworks Steel Erectors": "Ironworks", "Crystal Clean Car Wash": "Crystal Car Wash",
}
NO_SITE_OK = {"cleaning", "homecare", "construction", "landscaping", "staffing", "security",
              "delivery"}
MULTI_SITE_OK = {"taqueria", "laundromat", "carwash", "market", "fastfood", "nails"}
FIXED_LOCAL_SITES = {  # near-duplicates in the same city
    "Golden Dragon Restaurant": [("CHI", "2150 S Wentworth Ave")],
    "Golden Dragon Express": [("CHI", "3328 N Clark St")],
    "Sunrise Home Care": [("PHX", "2021 N 7th St")],
    "Sunrise Senior Living": [("PHX", "4515 E Camelback Rd")],
    "El Super": [("LA", "4530 W Pico Blvd"), ("LA", "2321 E Florence Ave")],
    "Super A Foods": [("LA", "3900 S Figueroa St")],
    "Tacos El Guero": [("HOU", "6020 Airline Dr")],
    "Taqueria El Guero": [("HOU", "1100 Telephone Rd")],
    "Panda Wok Express": [("SEA", "5407 Rainier Ave S")],
    "Quick Stop Market": [("OAK", "3401 Fruitvale Ave")],
    "Jack's Car Wash": [("OAK", "8120 International Blvd")],
    "Sonic Car Wash": [("SA", "4200 Culebra Rd")],
    "Laundry Depot": [("ATL", "1875 Cleveland Ave SW")],
}

# --- build the registry -----------------------------------------------------------------------
for name, aliases, naics, style, count, where, prefix in CHAINS:
    kind = "parent" if name in PARENTS else "gig" if name in GIG else "chain"
    add_employer(name, aliases, naics, kind=kind, category=naics[:3])
    used = set()
    numbers = rng.sample(range(1000, 9999), 3)
    if name == "Walmart":  # fixed stores, used by hand-written rows
        add_site(name, "Walmart Supercenter #2231", "9555 Gessner Rd", "HOU", "2231")
        add_site(name, "Walmart Supercenter #5835", "9191 SW 8th St", "MIA", "5835")
        used |= {"gessner", "8th"}
    if name == "Amazon":
        add_site(name, "Amazon Fulfillment Center PHX7", "800 N 75th Ave", "PHX", "PHX7")
        used.add("75th")
    if name == "Target":
        add_site(name, "Store #1120", "2656 N Elston Ave", "CHI", "1120")
        used.add("elston")
    picks = pick_streets(count, where, used)
    for index, (key, street) in enumerate(picks):
        if style == "num":
            add_site(name, f"{prefix} #{numbers[index]}", street, key, str(numbers[index]))
        elif style == "store":
            add_site(name, f"Store #{numbers[index]}", street, key, str(numbers[index]))
        elif style == "facility":
            code = f"{AIRPORT[key]}{rng.randint(1, 9)}"
            kind_of = rng.choice(["Fulfillment Center", "Delivery Station", "Sortation Center"])
            add_site(name, f"Amazon {kind_of} {code}", street, key, code)
        else:
            add_site(name, f"{prefix} - {street_label(street)}", street, key)

for brand, aliases, naics, franchisees in BRANDS:
    add_employer(brand, aliases, naics, kind="brand", category=naics[:3])
    used = {"main"}  # "<brand> on main" must never name a franchisee
    for franchisee, where, count in franchisees:
        add_employer(franchisee, "", naics, kind="franchisee", category=naics[:3],
                     relation="franchisee", related_to=brand)
        picks = []
        if franchisee == "Golden Arches of Chicago LLC":
            picks = [("CHI", "1420 5th St"), ("CHI", "300 W Madison St")]
            used |= {"5th", "madison"}
            count = 0
        if franchisee == "Corner Convenience Holdings LLC":
            add_site(franchisee, "7-Eleven #35412", "2200 W Pico Blvd", "LA", "35412")
            used.add("pico")
            count -= 1
        picks += pick_streets(count, where, used)
        for key, street in picks:
            if brand == "7-Eleven":
                number = str(rng.randint(10000, 42999))
                add_site(franchisee, f"7-Eleven #{number}", street, key, number)
            else:
                add_site(franchisee, f"{brand} - {street_label(street)}", street, key)

for name, parent in SUBSIDIARY_OF.items():
    employers[name]["relation"], employers[name]["related_to"] = "subsidiary", parent

for name, aliases, naics, relation, related_to, category, where in RELATED:
    add_employer(name, aliases, naics, kind="related", category=category, relation=relation,
                 related_to=related_to)
    for key, street in pick_streets(len(where), where):
        add_site(name, name, street, key)

for naics, category, names in LOCALS:
    for name in names:
        add_employer(name, LOCAL_ALIASES.get(name, ""), naics, kind="local", category=category)
        if name in FIXED_LOCAL_SITES:
            fixed = FIXED_LOCAL_SITES[name]
            for key, street in fixed:
                label = name if len(fixed) == 1 else f"{name} - {street_label(street)}"
                add_site(name, label, street, key)
            continue
        if category in NO_SITE_OK and rng.random() < 0.3:
            continue
        count = 2 if category in MULTI_SITE_OK and rng.random() < 0.2 else 1
        picks = pick_streets(count)
        for key, street in picks:
            label = name if count == 1 else f"{name} - {street_label(street)}"
            add_site(name, label, street, key)

# ---------------------------------------------------------------------------------------------
# Messy names
# ---------------------------------------------------------------------------------------------
LEGAL_WORDS = {"llc", "inc", "inc.", "co", "co.", "corp", "ltd"}
ACCENTED = {"taqueria": "taquería", "panaderia": "panadería", "lavanderia": "lavandería",
            "pupuseria": "pupusería", "carniceria": "carnicería", "tortilleria": "tortillería"}
FILLER = {"i", "im", "work", "at", "on", "in", "the", "a", "my", "job", "store", "for", "to",
          "trabajo", "en", "el", "la", "de", "del", "para", "con", "tienda", "me", "manda",
          "sends", "agency", "agencia", "que", "warehouse", "bodega", "planta", "plant"}


def fold(text):
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace("&", " and ")
    text = re.sub(r"['’`]", "", text)
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def normalize_name(name):
    words = fold(name).split()
    while len(words) > 1 and words[-1] in {"inc", "llc", "co", "corp", "ltd", "company"}:
        words.pop()
    return " ".join(words)


def strip_accents(text):
    return "".join(ch for ch in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(ch))


def typo(word):
    """One swap, drop or doubled letter inside a word of 5+ letters."""
    i = rng.randint(1, len(word) - 2)
    # Dropping a letter from a 5-letter word leaves too little to recognise ("Hyatt" -> "Hatt").
    kind = rng.choice(["swap", "drop", "double"] if len(word) >= 6 else ["swap", "double"])
    if kind == "swap" and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "drop":
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]


def surface_of(record, alias_p=0.35):
    if record["aliases"] and rng.random() < alias_p:
        return rng.choice(record["aliases"])
    return record["name"]


def noisy(surface, typo_p=0.35, join_p=0.1):
    words = surface.split()
    if rng.random() < 0.85:
        while len(words) > 1 and words[-1].lower() in LEGAL_WORDS:
            words.pop()
    if len(words) > 1 and words[0] == "The" and rng.random() < 0.7:
        words = words[1:]
    text = " ".join(words)
    if rng.random() < 0.6:
        text = text.replace("'", "").replace("’", "")
    if "-" in text:
        text = text.replace("-", rng.choice(["-", " ", ""]))
    if text != strip_accents(text):
        if rng.random() < 0.7:
            text = strip_accents(text)
    elif rng.random() < 0.3:
        text = " ".join(ACCENTED.get(w.lower(), w) for w in text.split())
    words = text.split()
    roll = rng.random()
    if roll < join_p and len(words) == 2 and len(text) <= 20 and "&" not in text:
        text = "".join(words)
    elif roll < join_p + typo_p:
        candidates = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
        if candidates:
            i = rng.choice(candidates)
            words[i] = typo(words[i])
            text = " ".join(words)
    roll = rng.random()
    if roll < 0.7:
        text = text.lower()
    elif roll < 0.74:
        text = text.upper()
    return text


TEMPLATES = {
    "any": ["{}", "{}", "{}", "{}", "i work at {}", "at {}", "the {}", "work at {}",
            "trabajo en {}", "en {}", "trabajo para {}", "para {}", "i work for {}"],
    "retail": ["{} store", "the {} store", "trabajo en el {}", "en la tienda {}",
               "cashier at {}", "cajera en {}", "stocking shelves at {}"],
    "restaurant": ["cook at {}", "cocinero en {}", "trabajo en el {}", "dishwasher at {}",
                   "lavaplatos en {}", "{} restaurant", "the {} restaurant", "crew at {}"],
    "warehouse": ["{} warehouse", "the {} warehouse", "en la bodega de {}", "bodega {}",
                  "picker at {}", "en el almacen de {}"],
    "meat": ["{} plant", "la planta de {}", "en la planta {}", "the {} plant",
             "line worker at {}", "la empacadora {}"],
    "delivery": ["driver for {}", "i deliver for {}", "manejo para {}", "repartidor de {}",
                 "delivery driver {}"],
    "gig": ["driver for {}", "i deliver for {}", "manejo para {}", "shopper for {}",
            "on the {} app", "repartidor {}"],
    "cleaning": ["i clean for {}", "limpieza con {}", "trabajo de limpieza para {}",
                 "janitor for {}", "cleaner at {}"],
    "homecare": ["caregiver for {}", "cuidadora con {}", "home aide with {}",
                 "trabajo de cuidado con {}", "the agency {}"],
    "nursing": ["cna at {}", "aide at {}", "en el asilo {}", "the nursing home {}"],
    "hotel": ["housekeeping at {}", "limpio cuartos en el {}", "housekeeper at {}",
              "en el hotel {}"],
    "staffing": ["the agency {}", "la agencia {}", "temp with {}", "agencia de trabajo {}",
                 "{} temp agency"],
    "construction": ["construction with {}", "trabajo en construccion con {}", "laborer for {}",
                     "en la construccion con {}"],
    "security": ["security guard for {}", "guardia de seguridad con {}"],
    "nails": ["nail tech at {}", "en el salon {}", "manicurista en {}"],
    "salon": ["stylist at {}", "en el salon {}"],
    "carwash": ["the {}", "lavando carros en {}", "en el carwash {}"],
    "laundromat": ["attendant at {}", "en la lavanderia {}"],
    "garment": ["sewing at {}", "costurera en {}", "la fabrica {}", "en la costura {}"],
    "daycare": ["teacher aide at {}", "en la guarderia {}"],
}
CATEGORY_TEMPLATES = {
    "455": "retail", "444": "retail", "456": "retail", "448": "retail", "449": "retail",
    "441": "retail", "459": "retail", "445": "retail", "457": "retail", "722": "restaurant",
    "721": "hotel", "493": "warehouse", "492": "delivery", "485": "gig", "424": "warehouse",
    "311": "meat", "561": "cleaning", "623": "nursing", "624": "homecare",
    "restaurant": "restaurant", "fastfood": "restaurant", "taqueria": "restaurant",
    "bakery": "retail", "market": "retail", "drycleaner": "retail", "meat": "meat",
    "warehouse": "warehouse", "delivery": "delivery",
}
CATEGORY_TEMPLATES.update({k: k for k in TEMPLATES if k != "any"})
TEMPLATE_OVERRIDE = {"Kelly Services": "staffing", "Adecco": "staffing",
                     "ManpowerGroup": "staffing",
                     "Randstad": "staffing", "PeopleReady": "staffing", "Staffmark": "staffing",
                     "Labor Finders": "staffing", "Express Employment Professionals": "staffing",
                     "Allied Universal": "security", "Securitas": "security", "G4S": "security",
                     "Aramark": "any", "Sodexo": "any", "Compass Group": "any", "Cintas": "any"}


def phrase(record, text):
    """Wrap text in a phrase fitting the employer's trade, never repeating one of its words
    ("trabajo en el el super", "golden dragon restaurant restaurant")."""
    if record["name"] in GIG:
        group = "gig"
    else:
        group = TEMPLATE_OVERRIDE.get(record["name"]) or CATEGORY_TEMPLATES.get(
            record["category"], "any")
    words = set(fold(text).split())
    options = [t for t in TEMPLATES["any"] + TEMPLATES.get(group, [])
               if not words & set(fold(t.replace("{}", " ")).split())]
    return rng.choice(options).format(text)


def with_street(text, street, spanish=False):
    core, kind = street_parts(street)
    core = core.lower()
    options = [f"{text} on {core}", f"{text} {core} {kind.lower()}".strip(), f"{text} by {core}",
               f"{text} - {core}"]
    if kind == "St" and not core[0].isdigit():
        options.append(f"{text} {core} street")
    if spanish or rng.random() < 0.3:
        options += [f"{text} de la {core}", f"el {text} de la calle {core}",
                    f"trabajo en el {text} de la {core}"]
    return rng.choice(options)


def with_number(text, number):
    return rng.choice([f"{text} #{number}", f"{text} store {number}", f"{text} store #{number}",
                       f"{text} {number}", f"{text} tienda {number}", f"tienda #{number} {text}"])


rows = []
seen = set()
name_keys = {}  # normalized name or alias -> employer names
for record in employers.values():
    for label in [record["name"]] + record["aliases"]:
        name_keys.setdefault(normalize_name(label), set()).add(record["name"])


def place(site=None, others=None, empty_p=0.08):
    """(city, state) for a row: a worksite's city, one of `others`, or nothing."""
    if rng.random() < empty_p:
        return "", ""
    key = site["city_key"] if site else rng.choice(others or CITY_KEYS)
    city, state = CITIES[key][0], CITIES[key][1]
    if rng.random() < 0.08:
        city = city.lower()
    return city, state


def clashes(text, expected):
    """True when the text, stripped of filler, is another employer's name or alias, or the first
    words of one ("sonic" is Sonic Drive-In's alias but also begins "Sonic Car Wash")."""
    if expected in name_keys.get(normalize_name(text), set()):
        return False  # exactly the expected employer's name or alias ("El Super")
    key = " ".join(w for w in fold(text).split() if w not in FILLER)
    if not key:
        return True
    owners = name_keys.get(key, set())
    if owners and expected not in owners:
        return True
    return any((other == key or other.startswith(key + " ")) and expected not in names_
               for other, names_ in name_keys.items())


def emit(text, city_state, expected, hand=False):
    text = " ".join(text.split())
    city, state = city_state
    key = (text.casefold(), city.casefold())
    if key in seen:
        return False
    if not hand and expected and clashes(text, expected):
        return False
    seen.add(key)
    rows.append({"text": text, "city": city, "state": state, "expected": expected,
                 "_hand": hand})
    return True


def generate(make, attempts=8):
    for _ in range(attempts):
        text, city_state, expected = make()
        if emit(text, city_state, expected):
            return


# --- hand-written rows: landmarks, tricky phrasing, vague and ambiguous texts -------------------
HAND = [
    # franchisees found by street or store number; the brand when the street says nothing
    ("mcdonalds 5th st", "Chicago", "IL", "Golden Arches of Chicago LLC"),
    ("mcdonalds on 5th", "Chicago", "IL", "Golden Arches of Chicago LLC"),
    ("McDonald's - 5th St", "Chicago", "IL", "Golden Arches of Chicago LLC"),
    ("mcdonald's on 5th street", "", "", "Golden Arches of Chicago LLC"),
    ("el mcdonalds de la calle 5", "Chicago", "IL", "Golden Arches of Chicago LLC"),
    ("mc donalds madison st", "chicago", "IL", "Golden Arches of Chicago LLC"),
    ("golden arches of chicago", "", "", "Golden Arches of Chicago LLC"),
    ("mcdonalds", "", "", "McDonald's"),
    ("mcdonalds", "Chicago", "IL", "McDonald's"),
    ("McDonald's", "Houston", "TX", "McDonald's"),
    ("mcd", "Houston", "TX", "McDonald's"),
    ("mickey d's", "", "", "McDonald's"),
    ("mickey ds on main", "Denver", "CO", "McDonald's"),
    ("macdonalds", "Chicago", "IL", "McDonald's"),
    ("trabajo en mcdonalds", "Los Angeles", "CA", "McDonald's"),
    ("7 eleven #35412", "Los Angeles", "CA", "Corner Convenience Holdings LLC"),
    ("seven eleven on pico", "Los Angeles", "CA", "Corner Convenience Holdings LLC"),
    ("seven eleven", "", "", "7-Eleven"),
    ("7eleven", "Denver", "CO", "7-Eleven"),
    ("the 711 by my house", "", "", "7-Eleven"),
    ("burguer king", "", "", "Burger King"),
    ("dunkin donuts", "", "", "Dunkin'"),
    ("dunkin", "Philadelphia", "PA", "Dunkin'"),
    ("subway sandwiches", "", "", "Subway"),
    # store numbers, run-together words, Spanish, abbreviations a worker would really use
    ("Wal-Mart Supercenter #2231", "Houston", "TX", "Walmart"),
    ("walmart store 2231", "Houston", "TX", "Walmart"),
    ("walmart #2231", "", "", "Walmart"),
    ("walmartsupercenter", "", "", "Walmart"),
    ("wal mart", "Phoenix", "AZ", "Walmart"),
    ("trabajo en el walmart de la calle 8", "Miami", "FL", "Walmart"),
    ("el wolmar", "Miami", "FL", "Walmart"),
    ("target store #1120", "Chicago", "IL", "Target"),
    ("home depo", "Los Angeles", "CA", "The Home Depot"),
    ("homedepot", "Atlanta", "GA", "The Home Depot"),
    ("the home depot", "", "", "The Home Depot"),
    ("lowes", "San Antonio", "TX", "Lowe's"),
    ("chipotle mexican grill", "", "", "Chipotle Mexican Grill"),
    ("chipotle", "Denver", "CO", "Chipotle Mexican Grill"),
    ("chick fil a", "Atlanta", "GA", "Chick-fil-A"),
    ("chikfila", "", "", "Chick-fil-A"),
    ("trader joes", "Los Angeles", "CA", "Trader Joe's"),
    ("fed ex", "", "", "FedEx"),
    ("fedex ground", "Phoenix", "AZ", "FedEx"),
    ("ups warehouse", "", "", "UPS"),
    ("amazon phx7", "Phoenix", "AZ", "Amazon"),
    ("en la bodega de amazon", "", "", "Amazon"),
    ("amazon warehouse", "Chicago", "IL", "Amazon"),
    ("tyson chicken plant", "", "", "Tyson Foods"),
    ("la planta de tyson", "", "", "Tyson Foods"),
    ("jbs meat plant", "Denver", "CO", "JBS USA"),
    ("swift beef plant", "Denver", "CO", "JBS USA"),
    ("pilgrims", "Atlanta", "GA", "Pilgrim's Pride"),
    ("uber eats", "", "", "Uber"),
    ("door dash", "Atlanta", "GA", "DoorDash"),
    ("instacart shopper", "", "", "Instacart"),
    ("heb", "San Antonio", "TX", "H-E-B"),
    ("la h-e-b", "Houston", "TX", "H-E-B"),
    ("cvs", "Chicago", "IL", "CVS Pharmacy"),
    ("walgreen", "", "", "Walgreens"),
    ("kentucky fried chicken", "Houston", "TX", "KFC"),
    ("popeyes chicken", "", "", "Popeyes"),
    ("ihop", "Phoenix", "AZ", "IHOP"),
    ("dennys", "", "", "Denny's"),
    ("applebees", "", "", "Applebee's"),
    ("olive garden", "", "", "Olive Garden"),
    ("cracker barrel", "Atlanta", "GA", "Cracker Barrel"),
    ("sonic drive in", "", "", "Sonic Drive-In"),
    ("jack in the box", "Oakland", "CA", "Jack in the Box"),
    ("dollar tree", "", "", "Dollar Tree"),
    ("family dollar", "", "", "Family Dollar"),
    ("dollar general", "San Antonio", "TX", "Dollar General"),
    # subsidiaries by their own banner; parents by theirs
    ("safeway", "Denver", "CO", "Safeway"),
    ("albertsons", "Denver", "CO", "Albertsons"),
    ("sams club", "", "", "Sam's Club"),
    ("whole foods", "Seattle", "WA", "Whole Foods Market"),
    ("ralphs", "Los Angeles", "CA", "Ralphs"),
    ("king soopers", "Denver", "CO", "King Soopers"),
    # staffing agencies, contractors: expected only when named
    ("the agency that sends me to the amazon warehouse", "", "", "Amazon"),
    ("la agencia que me manda a tyson", "", "", "Tyson Foods"),
    ("integrity staffing, they send me to amazon", "", "", "Integrity Staffing Solutions"),
    ("prime labor sends me to tyson", "Atlanta", "GA", "Prime Labor Source LLC"),
    ("people ready", "Atlanta", "GA", "PeopleReady"),
    ("labor ready", "", "", "PeopleReady"),
    ("trueblue", "", "", "TrueBlue"),
    ("manpower", "", "", "ManpowerGroup"),
    ("kelly services", "", "", "Kelly Services"),
    ("limpieza para target", "Chicago", "IL", "Target"),
    ("brightway janitorial, i clean the target", "Chicago", "IL",
     "Brightway Janitorial Services"),
    ("swift lane logistics (amazon dsp)", "Los Angeles", "CA", "Swift Lane Logistics LLC"),
    ("amazon dsp", "Los Angeles", "CA", "Amazon"),
    # near-duplicates that must not be confused
    ("golden dragon express", "Chicago", "IL", "Golden Dragon Express"),
    ("golden dragon restaurant", "Chicago", "IL", "Golden Dragon Restaurant"),
    ("sunrise home care", "Phoenix", "AZ", "Sunrise Home Care"),
    ("sunrise senior living", "Phoenix", "AZ", "Sunrise Senior Living"),
    ("el super", "Los Angeles", "CA", "El Super"),
    ("super a", "Los Angeles", "CA", "Super A Foods"),
    ("super a foods", "", "", "Super A Foods"),
    ("panda express", "", "", "Panda Express"),
    ("panda wok express", "Seattle", "WA", "Panda Wok Express"),
    ("tacos el guero", "Houston", "TX", "Tacos El Guero"),
    ("taqueria el guero", "Houston", "TX", "Taqueria El Guero"),
    ("sonic car wash", "San Antonio", "TX", "Sonic Car Wash"),
    ("jacks car wash", "Oakland", "CA", "Jack's Car Wash"),
    ("laundry depot", "Atlanta", "GA", "Laundry Depot"),
    ("quick stop market", "Oakland", "CA", "Quick Stop Market"),
    ("happy nails", "", "", "Happy Nails & Spa"),
    ("royal cleaners", "", "", "Royal Cleaners"),
    ("royal cleaning services", "", "", "Royal Cleaning Services"),
    # ambiguous: several registry employers fit
    ("golden dragon", "Chicago", "IL", ""), ("sunrise", "Phoenix", "AZ", ""),
    ("el guero", "", "", ""),
    ("panda", "", "", ""), ("lucky star", "", "", ""), ("royal", "", "", ""),
    ("sunshine", "", "", ""), ("lone star", "", "", ""), ("metro", "", "", ""),
    ("golden years", "", "", ""), ("los compadres", "", "", ""), ("crystal", "", "", ""),
    ("diamond", "", "", ""), ("la estrella", "", "", ""), ("spotless", "", "", ""),
    # vague: no employer can be told
    ("the store", "Houston", "TX", ""), ("restaurant", "Chicago", "IL", ""),
    ("my job", "Seattle", "WA", ""),
    ("no se", "", "", ""), ("la fabrica", "Los Angeles", "CA", ""),
    ("warehouse", "Chicago", "IL", ""),
    ("la bodega", "Oakland", "CA", ""), ("cleaning company", "Denver", "CO", ""),
    ("the agency", "", "", ""),
    ("temp agency", "Houston", "TX", ""), ("a factory", "Philadelphia", "PA", ""),
    ("construction", "San Antonio", "TX", ""),
    ("hotel", "Miami", "FL", ""), ("car wash", "Phoenix", "AZ", ""),
    ("nail salon", "New York", "NY", ""),
    ("the restaurant on main", "Houston", "TX", ""), ("la tienda de la esquina", "Miami", "FL", ""),
    ("el restaurante", "San Antonio", "TX", ""), ("mi patron", "", "", ""),
    ("prefer not to say", "", "", ""),
    ("n/a", "", "", ""), ("idk", "", "", ""), ("la compañia", "", "", ""),
    ("the chinese restaurant", "New York", "NY", ""), ("taqueria", "Los Angeles", "CA", ""),
    ("casa particular", "", "", ""), ("limpieza de casas", "Houston", "TX", ""),
    ("fast food", "", "", ""),
    ("supermarket", "", "", ""), ("gas station", "Phoenix", "AZ", ""),
    ("la planta", "Denver", "CO", ""),
    ("staffing agency", "", "", ""), ("la agencia", "", "", ""), ("the dollar store", "", "", ""),
    ("home care agency", "", "", ""), ("the meat plant", "Atlanta", "GA", ""),
    # real or invented employers that are not in the registry
    ("joe's pizza on main", "Philadelphia", "PA", ""), ("waffle house", "Atlanta", "GA", ""),
    ("five guys", "Denver", "CO", ""), ("shake shack", "New York", "NY", ""),
    ("in n out", "", "", ""),
    ("best western", "", "", ""), ("chuck e cheese", "", "", ""),
    ("wawa", "Philadelphia", "PA", ""),
    ("tony's auto body", "Chicago", "IL", ""), ("pollos asados don jose", "Houston", "TX", ""),
    ("golden dragon buffet", "Chicago", "IL", ""), ("sunrise laundromat", "", "", ""),
]
for text, city, state, expected in HAND:
    assert emit(text, (city, state), expected, hand=True), text
    assert not expected or not clashes(text, expected), text

# --- chains: name or alias, noise, sometimes a store number or street, sometimes a phrase -----
for record in employers.values():
    if record["kind"] not in {"chain", "gig", "parent"}:
        continue
    sites = record["sites"]
    for n in range(1 if record["kind"] == "parent" else 2):
        def make(record=record, sites=sites, n=n):
            text = noisy(surface_of(record))
            site = None
            if sites and rng.random() < 0.4:
                site = rng.choice(sites)
                if site["number"] and rng.random() < 0.6:
                    text = with_number(text, site["number"])
                else:
                    text = with_street(text, site["street"])
            elif rng.random() < 0.5:
                text = phrase(record, text)
            if site:
                where = place(site, empty_p=0.1)
            elif sites and rng.random() < 0.75:
                where = place(rng.choice(sites))
            else:
                where = place(None)
            return text, where, record["name"]
        generate(make)

# --- franchised brands ------------------------------------------------------------------------
for brand, _aliases, _naics, franchisees in BRANDS:
    record = employers[brand]
    brand_cities = [s["city_key"] for f, *_ in franchisees for s in employers[f]["sites"]]
    for n in range(3):  # the brand alone: no way to tell which franchisee
        def make(record=record, brand_cities=brand_cities, n=n, brand=brand):
            text = noisy(surface_of(record, 0.4), typo_p=0.2)
            if rng.random() < 0.4:
                text = phrase(record, text)
            others = brand_cities if n == 0 else None
            return text, place(None, others, empty_p=0.2 if n else 0.0), brand
        generate(make)

    def make_unknown_street(record=record, brand_cities=brand_cities, brand=brand,
                            franchisees=franchisees):
        key = rng.choice(brand_cities)
        used = {street_parts(s["street"])[0].lower()
                for f, *_ in franchisees for s in employers[f]["sites"]}
        free = [s for s in CITIES[key][3] if street_parts(s)[0].lower() not in used]
        street = rng.choice(free)
        text = with_street(noisy(surface_of(record, 0.3), typo_p=0.15), street)
        return text, (CITIES[key][0], CITIES[key][1]), brand
    generate(make_unknown_street)
    for index, (franchisee, *_rest) in enumerate(franchisees):
        for site in employers[franchisee]["sites"]:
            def make(record=record, site=site, franchisee=franchisee):
                text = noisy(surface_of(record, 0.3), typo_p=0.15)
                if site["number"] and rng.random() < 0.5:
                    text = with_number(text, site["number"])
                else:
                    text = with_street(text, site["street"])
                return text, place(site, empty_p=0.1), franchisee
            generate(make)
        if index % 2 == 0:  # the franchisee by its legal name (from a pay stub)
            def make(franchisee=franchisee):
                text = noisy(franchisee, typo_p=0.2, join_p=0.0)
                if rng.random() < 0.3:
                    text = rng.choice(["my check says {}", "el cheque dice {}", "{} (paystub)",
                                       "{}"]).format(text)
                sites = employers[franchisee]["sites"]
                return text, place(rng.choice(sites) if sites else None), franchisee
            generate(make)

# --- agencies, contractors, suppliers: named, or only their client named -----------------------
AGENCY_NAMED = {
    "staffing_agency": ["{a}", "{a}", "{a} sends me to {c}", "{a} me manda a {c}",
                        "temp with {a} at {c}", "la agencia {a}", "{a} agency"],
    "contractor": ["{a}", "{a}", "{a} at {c}", "{a}, we work at {c}", "subcontractor {a}"],
    "supplier": ["{a}", "{a}", "{a} plant", "la planta {a}"],
}
CLIENT_ONLY = {
    "staffing_agency": ["the agency that sends me to {c}", "la agencia que me manda a {c}",
                        "temp at {c}", "temp agency for {c}", "agencia de {c}"],
    "contractor": ["contractor for {c}", "limpieza para {c}", "cleaning the {c} at night",
                   "subcontratista de {c}"],
    "supplier": ["the plant that makes food for {c}", "la planta que surte a {c}"],
}
DELIVERY_CLIENT_ONLY = ["i deliver {c} packages", "reparto paquetes de {c}",
                        "{c} delivery driver (contractor)"]
for name, _aliases, _naics, relation, client, category, _where in RELATED:
    record = employers[name]
    for _ in range(2):
        def make(record=record, relation=relation, client=client):
            agency = noisy(surface_of(record, 0.3), typo_p=0.25, join_p=0.0)
            client_text = noisy(surface_of(employers[client], 0.2), typo_p=0.0, join_p=0.0)
            text = rng.choice(AGENCY_NAMED[relation]).format(a=agency, c=client_text.lower())
            sites = record["sites"]
            return text, place(rng.choice(sites) if sites else None), record["name"]
        generate(make)

    def make_client(record=record, relation=relation, client=client, category=category):
        client_text = noisy(surface_of(employers[client], 0.2), typo_p=0.0, join_p=0.0).lower()
        templates = DELIVERY_CLIENT_ONLY if category == "delivery" else CLIENT_ONLY[relation]
        text = rng.choice(templates).format(c=client_text)
        sites = employers[client]["sites"]
        return text, place(rng.choice(sites) if sites else None), client
    generate(make_client)

# --- local businesses ----------------------------------------------------------------------------
local_names = [r["name"] for r in employers.values() if r["kind"] == "local"]
NEAR_DUPLICATES = [*FIXED_LOCAL_SITES,
    "Royal Cleaning Services", "Royal Cleaners", "Spotless Commercial Cleaning LLC",
    "Spotless Dry Cleaning", "Golden Years Home Care", "Golden Years Nursing Home",
    "Los Compadres Restaurant", "Los Compadres Market", "La Estrella Bakery",
    "Taqueria La Estrella", "Lucky Star Diner", "Lucky Star Laundromat", "Crystal Nails & Spa",
    "Crystal Clean Car Wash", "Sunrise Donuts", "Sunrise Bakery", "Sunrise Nails"]
chosen = NEAR_DUPLICATES + rng.sample([n for n in local_names if n not in NEAR_DUPLICATES], 150)
for name in chosen:
    record = employers[name]
    for _ in range(2 if name in NEAR_DUPLICATES else 1):
        def make(record=record):
            text = noisy(surface_of(record, 0.3))
            if rng.random() < 0.45:
                text = phrase(record, text)
            sites = record["sites"]
            return text, place(rng.choice(sites) if sites else None,
                               empty_p=0.08 if sites else 0.25), record["name"]
        generate(make)

# --- negatives: plausible businesses that are not in the registry ------------------------------
NOT_IN_REGISTRY = [
    ("Golden Dragon Buffet", "restaurant"), ("Lucky Star Bakery", "bakery"),
    ("Pho 99 Restaurant", "restaurant"), ("Tacos Los Cuates", "taqueria"),
    ("Lavanderia La Burbuja", "laundromat"), ("Shiny Star Car Wash", "carwash"),
    ("Nail Palace", "nails"), ("Paradise Nails", "nails"), ("Home Comfort Care Agency", "homecare"),
    ("Best Care Home Health", "homecare"), ("Mountain View Nursing Home", "nursing"),
    ("Pacific Rim Logistics", "warehouse"), ("Northside Cold Storage", "warehouse"),
    ("Martinez Landscaping", "landscaping"), ("Rivera Construction", "construction"),
    ("Don Pancho Market", "market"), ("Carniceria La Hacienda", "market"),
    ("Mariscos El Puerto", "restaurant"), ("Pupuseria Las Delicias", "restaurant"),
    ("El Tapatio Restaurant", "restaurant"), ("China Garden Express", "fastfood"),
    ("Twin Palms Motel", "hotel"), ("Ace Moving Company", "any"), ("Quality Tire Shop", "any"),
    ("Marlin Seafood Processing", "meat"), ("Valley Farms Packing", "meat"),
    ("Sunny Day Daycare", "daycare"), ("Silver Star Staffing", "staffing"),
    ("Clean Pro Janitorial", "cleaning"), ("Panaderia La Reina", "bakery"),
]
for name, category in NOT_IN_REGISTRY:
    fake = {"name": name, "aliases": [], "category": category, "kind": "local"}

    def make(fake=fake):
        text = noisy(fake["name"])
        if rng.random() < 0.4:
            text = phrase(fake, text)
        return text, place(None, empty_p=0.15), ""
    generate(make)

# ---------------------------------------------------------------------------------------------
# Checks and output
# ---------------------------------------------------------------------------------------------
registry_rows = []
for record in employers.values():
    base = {k: record[k] for k in ("name", "naics", "relation", "related_to")}
    base["aliases"] = ";".join(record["aliases"])
    if not record["sites"]:
        registry_rows.append(base | dict.fromkeys(("worksite", "street", "city", "state", "zip"),
                                                  ""))
    for site in record["sites"]:
        registry_rows.append(base | {"worksite": site["label"], "street": site["street"],
                                     "city": site["city"], "state": site["state"],
                                     "zip": site["zip"]})

names = set(employers)
assert len(names) >= 520, len(names)
assert all(r["related_to"] in names for r in registry_rows if r["related_to"])
assert all(bool(r["relation"]) == bool(r["related_to"]) for r in registry_rows)
pairs = [(r["name"], r["worksite"]) for r in registry_rows]
assert len(pairs) == len(set(pairs)), "duplicate (name, worksite)"
normalized = [normalize_name(n) for n in employers]
assert len(normalized) == len(set(normalized)), "two employers normalize to the same name"
assert all(len(owners) == 1 for owners in name_keys.values()), [
    (k, sorted(v)) for k, v in name_keys.items() if len(v) > 1]
for name, _ in NOT_IN_REGISTRY:
    assert normalize_name(name) not in name_keys, name
for brand, *_rest, franchisees in BRANDS:  # a street names at most one worksite of a brand
    cores = [street_parts(s["street"])[0].lower() for f, *_ in franchisees
             for s in employers[f]["sites"]]
    assert len(cores) == len(set(cores)), brand
assert all(r["expected"] in names for r in rows if r["expected"])
assert len(rows) >= 320 and sum(1 for r in rows if not r["expected"]) >= 40
assert sum(1 for r in rows if r["_hand"]) >= 60

with (HERE / "registry.csv").open("w", newline="", encoding="utf-8") as handle:
    writer = csv.DictWriter(handle, fieldnames=REGISTRY_COLUMNS)
    writer.writeheader()
    writer.writerows(registry_rows)
with (HERE / "messy_names.csv").open("w", newline="", encoding="utf-8") as handle:
    writer = csv.DictWriter(handle, fieldnames=NAMES_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
print(f"registry.csv: {len(names)} employers in {len(registry_rows)} rows; "
      f"messy_names.csv: {len(rows)} rows ({sum(1 for r in rows if r['_hand'])} hand-written, "
      f"{sum(1 for r in rows if not r['expected'])} not to be linked)")
