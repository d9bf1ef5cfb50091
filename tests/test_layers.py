"""Imports run one way: channels → intake → (survey, registry, models); insights reads models;
outputs (organizer, campaigns, api) on top; the app and its commands above everything.

Read from the source (every import, including those inside functions), so that a lower layer
reaching up — or two modules importing each other round a loop — fails here, not in review.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "worker_voice"

# Lowest first. A module may import modules of its own layer or of a lower one.
LAYERS = (
    ("foundation", ("extensions", "clock", "models", "events", "uow", "storage", "jobs", "gateways",
                    "audit", "security", "errors", "survey")),
    ("domain", ("i18n", "insights", "registry")),
    ("use cases", ("intake", "auth", "help_entries")),
    ("channels", ("channels", "contacts")),  # contacts sends through the SMS outbound path
    ("outputs", ("charts", "campaigns", "organizer", "api")),
    ("application", ("", "cli", "demo", "synthetic")),
)
RANK = {part: rank for rank, (_name, parts) in enumerate(LAYERS) for part in parts}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def graph() -> dict[str, set[str]]:
    """module → the package modules it imports."""
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    edges: dict[str, set[str]] = {}
    for name, path in paths.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        found = set()
        for node in ast.walk(ast.parse(path.read_text())):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = package[:len(package) - node.level + 1] if node.level else []
                module = ".".join(base + ([node.module] if node.module else []))
                targets = [module, *(f"{module}.{alias.name}" for alias in node.names)]
            found |= {t for t in targets if t in paths and t != name}
        # A package's own __init__ is not an import of a sibling.
        edges[name] = {t for t in found if not name.startswith(t + ".")}
    return edges


def part_of(module: str) -> str:
    """The layer part a module belongs to: `worker_voice.intake.service` → `intake`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_part_of_the_package_has_a_layer():
    assert {part_of(m) for m in graph()} <= set(RANK)


def upward_imports(edges: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{module} ({LAYERS[RANK[part_of(module)]][0]}) imports {target} "
        f"({LAYERS[RANK[part_of(target)]][0]})"
        for module, targets in edges.items() for target in targets
        if RANK[part_of(target)] > RANK[part_of(module)])


def cycles_in(edges: dict[str, set[str]]) -> list[str]:
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges.get(module, ())):
            if state.get(target) == 1:
                cycles.append(" → ".join([*path[path.index(target):], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    return cycles


def test_no_module_imports_a_higher_layer():
    assert upward_imports(graph()) == []


def test_no_import_cycles():
    assert cycles_in(graph()) == []


@pytest.mark.parametrize(("low", "high"), [("insights", part) for part in
                                           ("channels", "organizer", "campaigns", "api",
                                            "intake")])
def test_insights_reads_models_and_never_imports_what_sits_on_it(low, high):
    assert not [(m, t) for m, ts in graph().items() for t in ts
                if part_of(m) == low and part_of(t) == high]


def test_the_checks_catch_what_they_are_for():
    """An import inside a function counts; an upward import and a loop are reported."""
    edges = graph()
    assert "worker_voice.insights.rollups" in edges["worker_voice.intake.service"]
    bad = {**edges, "worker_voice.insights.rollups": edges["worker_voice.insights.rollups"]
           | {"worker_voice.organizer.routes"}}
    assert upward_imports(bad) == ["worker_voice.insights.rollups (domain) imports "
                                   "worker_voice.organizer.routes (outputs)"]
    loop = {"worker_voice.intake.a": {"worker_voice.intake.b"},
            "worker_voice.intake.b": {"worker_voice.intake.a"}}
    assert cycles_in(loop) == ["worker_voice.intake.a → worker_voice.intake.b → "
                               "worker_voice.intake.a"]
