"""The redactor measured against a labelled corpus written apart from it.

tests/data/redaction_corpus.jsonl holds, one JSON object a line, what workers type in a report's
story, employer and city fields, in every language a worker reads: `identifier` entries carry
identifying pieces (phone numbers, e-mails, links, @handles, SSN/ITIN, street addresses) that must
be gone from `redact`'s output ("remove", compared case-insensitively), `ordinary` entries carry
money, hours, dates, counts and places that must survive it verbatim ("keep"). An identifier
entry may also list words around the identifier that a good redactor leaves alone.

Recall is the share of identifier entries with every "remove" piece gone; intact, the share of
ordinary entries with every "keep" phrase still there. Both are printed per language, and a
failure lists every missed entry for the redactor's author.
"""

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from worker_voice.i18n import LANGUAGE_CODES
from worker_voice.intake.redaction import redact

CORPUS = Path(__file__).parent / "data" / "redaction_corpus.jsonl"
KINDS = ("identifier", "ordinary")
MINIMUM_ENTRIES = 300
MINIMUM_PER_LANGUAGE = {"identifier": 25, "ordinary": 12}
MINIMUM_RECALL = 0.95  # identifier entries with every identifying piece gone
MINIMUM_INTACT = 0.98  # ordinary entries with every phrase kept verbatim
MINIMUM_CONTEXT = 0.95  # identifier entries whose listed surrounding words survive


@dataclass(frozen=True)
class Entry:
    line: int
    lang: str
    kind: str
    text: str
    remove: tuple[str, ...]
    keep: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    entry: Entry
    output: str
    leaked: tuple[str, ...]  # "remove" pieces still in the output (case-insensitive)
    lost: tuple[str, ...]  # "keep" phrases no longer in the output verbatim

    def describe(self) -> str:
        problems = [f"leaked {list(self.leaked)}"] * bool(self.leaked)
        problems += [f"lost {list(self.lost)}"] * bool(self.lost)
        return (f"  line {self.entry.line} [{self.entry.lang}] {self.entry.text!r}\n"
                f"      -> {self.output!r}: {'; '.join(problems)}")


def read_corpus() -> list[Entry]:
    entries = []
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        data = json.loads(line)
        entries.append(Entry(number, data["lang"], data["kind"], data["text"],
                             tuple(data["remove"]), tuple(data["keep"])))
    return entries


def measure(entry: Entry) -> Outcome:
    output = redact(entry.text) or ""
    folded = output.casefold()
    return Outcome(entry, output,
                   leaked=tuple(piece for piece in entry.remove if piece.casefold() in folded),
                   lost=tuple(phrase for phrase in entry.keep if phrase not in output))


def share(good: int, total: int) -> float:
    return good / total if total else 1.0


@pytest.fixture(scope="module")
def outcomes() -> list[Outcome]:
    return [measure(entry) for entry in read_corpus()]


def test_the_corpus_is_well_formed() -> None:
    problems: list[str] = []
    seen: dict[str, int] = {}
    counts: Counter[tuple[str, str]] = Counter()
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"line {number}: not JSON ({error})")
            continue
        if not isinstance(data, dict) or set(data) != {"lang", "kind", "text", "remove", "keep"}:
            problems.append(f"line {number}: wants exactly lang, kind, text, remove, keep")
            continue
        text, remove, keep = data["text"], data["remove"], data["keep"]
        if data["lang"] not in LANGUAGE_CODES:
            problems.append(f"line {number}: unknown language {data['lang']!r}")
        if data["kind"] not in KINDS:
            problems.append(f"line {number}: unknown kind {data['kind']!r}")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"line {number}: empty text")
            continue
        if not all(isinstance(pieces, list) and all(isinstance(p, str) and p.strip()
                                                    for p in pieces) for pieces in (remove, keep)):
            problems.append(f"line {number}: remove and keep are lists of non-empty strings")
            continue
        if data["kind"] == "identifier" and not remove:
            problems.append(f"line {number}: an identifier entry names what must go")
        if data["kind"] == "ordinary" and (remove or not keep):
            problems.append(f"line {number}: an ordinary entry keeps something and removes nothing")
        problems += [f"line {number}: {piece!r} is not in its text"
                     for piece in remove + keep if piece not in text]
        problems += [f"line {number}: keeps {phrase!r}, which overlaps {piece!r} it removes"
                     for phrase in keep for piece in remove
                     if piece.casefold() in phrase.casefold()
                     or phrase.casefold() in piece.casefold()]
        seen[text] = seen.get(text, 0) + 1
        counts[data["lang"], data["kind"]] += 1
    problems += [f"{count} entries read {text!r}" for text, count in seen.items() if count > 1]
    if sum(counts.values()) < MINIMUM_ENTRIES:
        problems.append(f"{sum(counts.values())} entries, fewer than {MINIMUM_ENTRIES}")
    problems += [f"{lang}: {counts[lang, kind]} {kind} entries, fewer than {minimum}"
                 for lang in LANGUAGE_CODES for kind, minimum in MINIMUM_PER_LANGUAGE.items()
                 if counts[lang, kind] < minimum]
    assert problems == [], "\n".join(problems)


def test_redaction_recall_and_intact_rate(outcomes: list[Outcome],
                                          figure: Callable[[str], None]) -> None:
    identifiers = [o for o in outcomes if o.entry.kind == "identifier"]
    ordinary = [o for o in outcomes if o.entry.kind == "ordinary"]
    caught = [o for o in identifiers if not o.leaked]
    intact = [o for o in ordinary if not o.lost]
    recall, intact_rate = share(len(caught), len(identifiers)), share(len(intact), len(ordinary))
    with_context = [o for o in identifiers if o.entry.keep]
    context = share(sum(not o.lost for o in with_context), len(with_context))
    figure(f"[redaction] recall {recall:.2f} on {len(identifiers)} identifiers, intact "
           f"{intact_rate:.2f} on {len(ordinary)} ordinary phrases, words around identifiers "
           f"kept {context:.2f} on {len(with_context)}")
    for lang in LANGUAGE_CODES:
        mine = [o for o in identifiers if o.entry.lang == lang]
        theirs = [o for o in ordinary if o.entry.lang == lang]
        figure(f"[redaction] {lang}: recall {share(sum(not o.leaked for o in mine), len(mine)):.2f}"
               f" on {len(mine)}, intact {share(sum(not o.lost for o in theirs), len(theirs)):.2f}"
               f" on {len(theirs)}")

    missed = [o.describe() for o in identifiers if o.leaked]
    broken = [o.describe() for o in ordinary if o.lost]
    failures = []
    if recall < MINIMUM_RECALL:
        failures.append(f"recall {recall:.3f} < {MINIMUM_RECALL}; identifiers left in:\n"
                        + "\n".join(missed))
    if intact_rate < MINIMUM_INTACT:
        failures.append(f"intact {intact_rate:.3f} < {MINIMUM_INTACT}; ordinary text damaged:\n"
                        + "\n".join(broken))
    assert not failures, "\n\n".join(failures)


def test_redaction_leaves_the_words_around_identifiers(outcomes: list[Outcome]) -> None:
    with_context = [o for o in outcomes if o.entry.kind == "identifier" and o.entry.keep]
    damaged = [o for o in with_context if o.lost]
    rate = share(len(with_context) - len(damaged), len(with_context))
    assert rate >= MINIMUM_CONTEXT, (
        f"words around identifiers kept {rate:.3f} < {MINIMUM_CONTEXT}:\n"
        + "\n".join(o.describe() for o in damaged))
