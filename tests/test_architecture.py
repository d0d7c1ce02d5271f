"""The package's layout is its flow: each folder imports only the folders
below it, and no module imports, even inside a function, anything that
imports it back (docs/architecture.md)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "align"

#: Each top-level part of ``align`` and its layer; an import may only go to
#: the same part or to a lower layer. Parts on one layer do not import each
#: other.
LAYERS = {
    "core": 0,
    "resources": 1,
    "text": 2,
    "read": 3,
    "pair": 4,
    "detectors": 5,
    "report": 5,
    "run": 6,
    "clean": 7,
    "review": 7,
    "": 8,  # the package itself: the public API (align.qa, align.check_text ...)
    "commands": 9,
    "cli": 10,
    "__main__": 11,
}


def modules(root: Path = PACKAGE) -> dict:
    out = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imports(mods: dict) -> dict:
    """Module -> the modules of align it imports, at top level or inside
    functions alike."""
    graph = {}
    for name, path in mods.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[:len(package.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    found.add(sub if sub in mods else target)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        graph[name] = {m for m in found if m in mods and m != name}
    return graph


def cycles(graph: dict) -> list:
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_part_has_a_layer():
    assert {part(m) for m in modules()} <= set(LAYERS)


def test_no_import_cycle():
    assert cycles(imports(modules())) == []


def test_imports_point_down_the_layers():
    wrong = [f"{a} -> {b}" for a, deps in sorted(imports(modules()).items()) for b in sorted(deps)
             if part(a) != part(b) and LAYERS[part(b)] >= LAYERS[part(a)]]
    assert wrong == []


@pytest.mark.parametrize("graph,expected", [
    ({"a": {"b"}, "b": {"a"}, "c": set()}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c"]]),
    ({"a": {"b"}, "b": set()}, []),
])
def test_cycles_finds_them(graph, expected):
    assert cycles(graph) == expected


def test_imports_sees_imports_inside_functions(tmp_path):
    pkg = tmp_path / "align"
    (pkg / "core").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "core" / "__init__.py").write_text("")
    (pkg / "core" / "a.py").write_text("def f():\n    from ..run import b\n")
    (pkg / "run.py").write_text("from .core import a\n")
    graph = imports(modules(pkg))
    assert graph["align.core.a"] == {"align.run"}
    assert cycles(graph) == [["align.core.a", "align.run"]]
