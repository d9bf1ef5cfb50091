"""A turn of the call as TwiML: <Say> in each language's voice, <Play> of a recorded prompt where
Twilio has no voice, one <Gather> for a key or for speech. Never <Record>: nothing a caller says
is kept, by Twilio or here (tests/test_voice.py checks every answer)."""

import logging
from collections.abc import Callable
from pathlib import Path

from twilio.twiml.voice_response import Gather, VoiceResponse

from .engine import Turn
from .prompts import VOICES, file_stem, recorded_file
from .texts import Line

log = logging.getLogger(__name__)
KEY_TIMEOUT = 6  # seconds of silence before a key prompt counts as not answered
PAUSE = "600ms"  # between the characters of a receipt code


def render(turn: Turn, *, action: str, prompt_url: Callable[[str, str], str],
           prompt_dirs: list[Path], hints: str = "") -> str:
    """`action`: where Twilio posts what the caller did; `prompt_url(locale, file name)`: the
    public address of a recording; `prompt_dirs`: where recordings are looked for."""
    response = VoiceResponse()
    target: VoiceResponse | Gather = response
    if turn.listen is not None:
        voice = VOICES.get(turn.listen.locale, VOICES["en"])
        if turn.listen.input == "dtmf":
            # finishOnKey="" so that # arrives as a key (it goes back a question).
            target = response.gather(input="dtmf", num_digits=1, action=action, method="POST",
                                     timeout=KEY_TIMEOUT, finish_on_key="",
                                     action_on_empty_result=True)
        else:
            extra = {"hints": hints} if hints else {}
            target = response.gather(input="speech", language=voice.speech_language,
                                     action=action, method="POST", speech_timeout="auto",
                                     timeout=KEY_TIMEOUT, action_on_empty_result=True,
                                     profanity_filter=False, **extra)
    for line in turn.say:
        _speak(target, line, prompt_url, prompt_dirs)
    if turn.listen is None:
        response.hangup()
    return str(response)


def _speak(target: VoiceResponse | Gather, line: Line,
           prompt_url: Callable[[str, str], str], prompt_dirs: list[Path]) -> None:
    voice = VOICES.get(line.locale, VOICES["en"])
    if voice.recorded and line.fixed:
        found = recorded_file(line.locale, line.text, prompt_dirs)
        if found is not None:
            target.play(prompt_url(line.locale, found.name))
            return
        # The call goes on in the closest voice; the log names the prompt, never the caller.
        log.warning("voice prompt missing: %s/%s", line.locale, file_stem(line.text))
    say = target.say("" if line.spell else line.text, voice=voice.say_voice,
                     language=voice.say_language)
    if line.spell:
        characters = [c for c in line.text if c.isalnum()]
        for position, character in enumerate(characters):
            say.say_as(character, interpret_as="characters")
            if position < len(characters) - 1:
                say.break_(time=PAUSE)
