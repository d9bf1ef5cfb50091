"""How many SMS segments a text costs, measured with smsutil (GSM-7 or UCS-2)."""

import smsutil

GSM7_SINGLE = 160
UCS2_LIMIT = 134  # two UCS-2 segments of 67 characters


def segments(text: str) -> int:
    return len(smsutil.split(text).parts)


def is_gsm7(text: str) -> bool:
    return smsutil.split(text).encoding == "gsm0338"


def within_budget(text: str) -> bool:
    """One segment when the text is GSM-7; at most two when it needs UCS-2."""
    return segments(text) <= (1 if is_gsm7(text) else 2)
