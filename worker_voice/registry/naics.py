"""The NAICS 2022 codes an employer's industry may have, with their titles.

`naics2022.csv` lists every sector, subsector, industry group and industry of the 2022 North
American Industry Classification System (2 to 6 digits), taken from the MIT-licensed `naics`
1.0.1 package (github.com/grayalienventures/naicspy), with the sectors that span several
two-digit codes (31-33, 44-45, 48-49) listed under each of their codes. Shipped as data, not a
dependency: it changes once every five years.
"""

import csv
import re
from functools import cache
from pathlib import Path

LIST = Path(__file__).with_name("naics2022.csv")


@cache
def naics_titles() -> dict[str, str]:
    with LIST.open(newline="", encoding="utf-8") as handle:
        return {row["code"]: row["title"] for row in csv.DictReader(handle)}


def naics_code_in(text: str | None) -> str | None:
    """The NAICS 2022 code someone chose or typed ("722513", or "722513 Limited-Service
    Restaurants" as the list offers it); None when the text holds no code that exists."""
    found = re.match(r"\s*(\d{2,6})\b", text or "")
    code = found.group(1) if found else None
    return code if code in naics_titles() else None


def industries() -> list[tuple[str, str]]:
    """(code, title) of every six-digit industry, for a list searchable by words."""
    return [(code, title) for code, title in naics_titles().items() if len(code) == 6]
