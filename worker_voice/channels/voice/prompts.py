"""Voices, and recorded prompts for the languages Twilio cannot speak.

Twilio's <Say> has Google voices for seven of the eight languages. Haitian Creole has none, so a
call in Kreyòl <Play>s recordings of its fixed prompts: files named by a hash of the text, made
at build time from the catalog with espeak-ng (`make voice-prompts`, which runs this module),
or recorded by a native speaker under the same names in VOICE_PROMPTS_DIR (`flask voice prompts
--list ht` prints each file name with the text to read). Values that change from call to call
(an employer's name, a receipt code) are said by the closest Twilio voice.

    python -m worker_voice.channels.voice.prompts [OUT_DIR]   # default: static/voice
"""

import hashlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ...survey.plan import CORE
from . import texts as t

STATIC_DIR = Path(__file__).resolve().parents[3] / "static" / "voice"
EXTENSIONS = (".mp3", ".wav")  # a recording in either format; MP3 first (smaller)


@dataclass(frozen=True)
class Voice:
    say_language: str  # <Say language=…>
    say_voice: str  # <Say voice=…> (Twilio's Google voices speak SSML)
    speech_language: str  # <Gather input="speech" language=…>
    recorded: bool = False  # fixed prompts are <Play>ed; `say_*` is the closest voice
    espeak: str = ""  # espeak-ng's voice for the generated recordings


VOICES = {
    "en": Voice("en-US", "Google.en-US-Standard-C", "en-US"),
    "es": Voice("es-US", "Google.es-US-Standard-A", "es-US"),
    "zh_Hans": Voice("cmn-CN", "Google.cmn-CN-Standard-A", "cmn-Hans-CN"),
    "vi": Voice("vi-VN", "Google.vi-VN-Standard-A", "vi-VN"),
    "fil": Voice("fil-PH", "Google.fil-PH-Standard-A", "fil-PH"),
    # No Twilio voice speaks Kreyòl: recordings, and French (the closest) for values. Company
    # names are mostly English brand names, so speech is recognized as US English.
    "ht": Voice("fr-FR", "Google.fr-FR-Standard-A", "en-US", recorded=True, espeak="ht"),
    "ar": Voice("ar-XA", "Google.ar-XA-Standard-A", "ar-EG"),
    "ko": Voice("ko-KR", "Google.ko-KR-Standard-A", "ko-KR"),
}


def file_stem(text: str) -> str:
    """A prompt's file name without extension: the same text, the same name."""
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def fixed_prompts(locale: str) -> Iterator[str]:
    """Every fixed text a call may say in `locale` (what a recording must cover)."""
    seen: set[str] = set()
    lines = [*(line for line in t.language_menu() if line.locale == locale)]
    for msgid in (t.WELCOME, t.ASK_EMPLOYER, t.ASK_CITY, t.NOT_HEARD, t.NO_EMPLOYER,
                  t.CONFIRM_BEFORE, t.CONFIRM_KEYS, t.NO_KEY, t.SKIPPED, t.NOTHING_SAVED,
                  t.SAVED, t.AGAIN, t.DELETE_BY_SMS, t.DELETE_ON_WEB, t.GOODBYE,
                  t.TOO_MANY_TODAY):
        lines.append(t.line(locale, msgid))
    lines.append(t.line(locale, t.INTRO, count=len(CORE)))
    for position, question in enumerate(CORE, start=1):
        lines.extend(t.question_lines(locale, question, position=position, count=len(CORE)))
        lines.append(t.line(locale, t.WRONG_KEY, count=len(question.options)))
    for line in lines:
        if line.fixed and line.text not in seen:
            seen.add(line.text)
            yield line.text


def recorded_file(locale: str, text: str, directories: list[Path]) -> Path | None:
    """The recording of this prompt: the first found in `directories` (each holding one folder
    per locale), else None."""
    stem = file_stem(text)
    for directory in directories:
        for extension in EXTENSIONS:
            candidate = directory / locale / f"{stem}{extension}"
            if candidate.is_file():
                return candidate
    return None


def generate(out_dir: Path = STATIC_DIR) -> int:
    """Write a WAV file per fixed prompt of each recorded language with espeak-ng, and an index
    (file name, text) for whoever records them again. Returns how many files were written."""
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        raise SystemExit("espeak-ng is missing: apt-get install espeak-ng")
    written = 0
    for locale, voice in VOICES.items():
        if not voice.recorded:
            continue
        folder = out_dir / locale
        folder.mkdir(parents=True, exist_ok=True)
        index = []
        for text in fixed_prompts(locale):
            target = folder / f"{file_stem(text)}.wav"
            index.append(f"{target.name}\t{text}")
            if not target.exists():
                subprocess.run([espeak, "-v", voice.espeak, "-s", "140", "-w", str(target),  # noqa: S603
                                "--", text], check=True)
                written += 1
        (folder / "index.tsv").write_text("\n".join(index) + "\n", encoding="utf-8")
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else STATIC_DIR
    print(f"{generate(target)} prompt files written under {target}")
