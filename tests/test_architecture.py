"""The import graph of src/cltrack: no cycle between modules and no import back up the layers.

Every `import cltrack...` / `from cltrack... import ...` is counted, at module level, inside
functions and under `if TYPE_CHECKING:` alike (a type used from a higher layer is still a dependency
on it). The layers, bottom to top, are the ones docs/architecture.md lists.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PKG = SRC / "cltrack"

# Bottom to top. A module may import its own layer and any layer below it, never one above.
# Entries are module names relative to `cltrack`; a package name covers everything inside it.
LAYERS: list[tuple[str, set[str]]] = [
    ("vocabulary", {"models", "errors", "exitcodes", "elements", "numbers", "digest", "safetext",
                    "i18n", "messages", "findings", "outputs", "textfile", "access", "syserrors", "warmup", "__init__"}),
    ("plans and units", {"plans", "units"}),
    ("reading", {"reading"}),
    ("compute", {"compute"}),
    ("jobs", {"jobs", "pack"}),
    ("presentation", {"present"}),
    ("output", {"render", "export", "site"}),
    ("cli", {"cli", "__main__"}),
]

# Known upward imports, each with the reason it stays for now. A NEW upward import fails the test.
# Empty since the suffixes are passed to outputs.check_output, the text decoding moved to the vocabulary
# layer (textfile.py, access.py) and units.reform reads its weights file through it.
ALLOWED_UPWARD: set[tuple[str, str]] = set()

# Known cycle edges, each with its reason; they are left out before the cycle search, so any NEW cycle
# fails. Empty since content_of's byte tests left sniff.py (reading/content.py), the Excel report's
# shared styles left report_xlsx.py (export/report_style.py) and the site's page types and shared
# parts left build.py and pages.py (site/model.py, site/parts.py).
ALLOWED_CYCLE_EDGES: set[tuple[str, str]] = set()


def _modules() -> dict[str, tuple[Path, bool]]:
    """Every module under src/cltrack by dotted name, with its file and whether it is a package."""
    found = {}
    for path in sorted(PKG.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        is_pkg = path.name == "__init__.py"
        found[".".join(parts[:-1] if is_pkg else parts)] = (path, is_pkg)
    return found


def import_graph() -> set[tuple[str, str]]:
    """The (importer, imported) pairs between cltrack modules, from every import statement."""
    mods = _modules()
    edges = set()
    for name, (path, is_pkg) in mods.items():
        here = name.split(".") if is_pkg else name.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = ".".join(here[: len(here) - node.level + 1] + [node.module or ""]) \
                    if node.level else (node.module or "")
                base = base.rstrip(".")
                # `from pkg import mod` depends on the module; `from mod import name` on the module
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in mods else base
                           for a in node.names]
            for target in targets:
                if target in mods and target != name:
                    edges.add((name, target))
    return edges


def layer_of(module: str) -> int:
    """The index in LAYERS of a dotted cltrack module name."""
    rest = module.split(".")[1:] or ["__init__"]
    for index, (_, members) in enumerate(LAYERS):
        if rest[0] in members:
            return index
    raise AssertionError(f"{module} is in no layer: add it to LAYERS and to docs/architecture.md")


def test_every_module_has_a_layer():
    """Each module is placed in exactly one layer (a new top-level module must be placed)."""
    for name in _modules():
        layer_of(name)


def test_no_import_runs_back_up_the_layers():
    """No module imports one from a higher layer, except the listed, explained exceptions."""
    upward = {
        (a, b) for a, b in import_graph() if layer_of(b) > layer_of(a)
    }
    new = sorted(upward - ALLOWED_UPWARD)
    assert not new, "imports up the layers:\n" + "\n".join(
        f"  {a} ({LAYERS[layer_of(a)][0]}) -> {b} ({LAYERS[layer_of(b)][0]})" for a, b in new)
    stale = sorted(ALLOWED_UPWARD - upward)
    assert not stale, f"allowed upward imports that no longer exist (remove them): {stale}"


def _cycle(edges: set[tuple[str, str]]) -> list[str] | None:
    """One cycle in the directed graph, as a path of module names, or None."""
    graph: dict[str, list[str]] = {}
    for a, b in sorted(edges):
        graph.setdefault(a, []).append(b)
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_no_import_cycle_between_modules():
    """The module import graph is acyclic (a package's __init__ counts as its own module)."""
    edges = import_graph()
    assert ALLOWED_CYCLE_EDGES <= edges, f"allowed cycle edges that no longer exist: {ALLOWED_CYCLE_EDGES - edges}"
    cycle = _cycle(edges - ALLOWED_CYCLE_EDGES)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle():
    """The checker itself: a two-module loop is reported, a chain is not."""
    assert _cycle({("a", "b"), ("b", "a")}) == ["a", "b", "a"]
    assert _cycle({("a", "b"), ("b", "c")}) is None


DOC = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"


def documented_modules() -> set[str]:
    """Paths (relative to src/cltrack) named in the module table of docs/architecture.md.

    A folder (`x/`) or a token with a slash is relative to src/cltrack; a bare `name.py` in a
    package's row is a module of that package (the row's first cell), else a top-level module.
    """
    text = DOC.read_text(encoding="utf-8")
    table = text.split("## Module ownership", 1)[1].split("\n## ", 1)[0]
    named = set()
    for line in table.splitlines():
        cells = line.split("|")
        if len(cells) < 4 or not cells[1].strip().startswith("`"):
            continue
        first = re.findall(r"`([^`]+)`", cells[1])
        base = first[0] if first and first[0].endswith("/") else ""
        for token in re.findall(r"`([\w./]+(?:\.py|/))`", line):
            top_level = "/" in token.rstrip("/") or token.endswith("/") or token == base
            named.add(token if top_level else base + token)
    return named


def test_architecture_doc_names_every_module_and_nothing_else():
    """docs/architecture.md's table names each module and package that exists, and only those."""
    actual = {str(p.relative_to(PKG)) for p in PKG.rglob("*.py") if p.name != "__init__.py" or p.parent == PKG}
    actual |= {str(p.parent.relative_to(PKG)) + "/" for p in PKG.rglob("__init__.py") if p.parent != PKG}
    named = documented_modules()
    missing = sorted(actual - named)
    assert not missing, f"modules missing from docs/architecture.md: {missing}"
    ghosts = sorted(n for n in named - actual if not (PKG / n).exists())
    assert not ghosts, f"docs/architecture.md names what does not exist: {ghosts}"
