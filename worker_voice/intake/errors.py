"""Domain errors raised by the intake service; channels turn them into messages."""


class IntakeError(Exception):
    """Base class for reports intake refuses."""


class InvalidReport(IntakeError):
    """The draft breaks a rule. `problems` maps a field (or question key) to a lazy message."""

    def __init__(self, problems: dict[str, str]):
        super().__init__(", ".join(sorted(problems)))
        self.problems = problems


class EmployerToConfirm(IntakeError):
    """Matching is not sure which employer the worker means: the channel asks them to pick one
    of `candidates` (or none) and submits again with their choice."""

    def __init__(self, candidates: tuple):
        super().__init__(f"{len(candidates)} candidates")
        self.candidates = candidates
