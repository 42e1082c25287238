"""The folders import in one direction, the data flow's (issue #16 bar 2):
kg's top-level modules -> readers -> extractors -> model -> store -> building, query, learn,
exports, queries -> cli.  Every import counts, at module level or inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("kg", "extractors", "exports", "queries", "cli")
#: a folder may import from folders of its rank or lower; one rank is one step of the flow
RANKS = {
    "kg": 0,  # the shared vocabulary: schema, records, errors, limits, progress, Cypher text
    "kg/readers": 1,
    "extractors": 2,
    "kg/model": 3,
    "kg/store": 4,
    "kg/building": 5,
    "kg/query": 5,
    "kg/learn": 5,
    "exports": 5,
    "queries": 5,
    "cli": 6,  # the `kg` command: it may import anything, nothing but kg/__main__.py imports it
}


def folder_of(path: Path) -> str:
    relative = path.relative_to(REPO)
    if relative.as_posix() == "kg/__main__.py":  # `python -m kg`, which runs cli
        return "cli"
    return relative.parent.as_posix()


def module_file(module: str) -> Path | None:
    base = REPO.joinpath(*module.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def modules() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (REPO / package).rglob("*.py"))


def imports(path: Path):
    """(line, imported module's file) for each paperkg module `path` imports."""
    package = ".".join(path.relative_to(REPO).parent.parts)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            # `from kg import schema` imports the module kg.schema; `from kg.x import f`, kg.x
            targets = [f"{base}.{a.name}" if module_file(f"{base}.{a.name}") else base for a in node.names]
        else:
            continue
        for target in targets:
            if target.split(".")[0] in PACKAGES:
                found = module_file(target)
                assert found is not None, f"{path}:{node.lineno}: {target} not found"
                yield node.lineno, found


def test_every_folder_has_a_rank():
    assert {folder_of(p) for p in modules()} <= set(RANKS)


def test_no_module_imports_from_a_folder_later_in_the_flow():
    upward = [
        f"{path.relative_to(REPO)}:{line} imports {target.relative_to(REPO)}"
        for path in modules()
        for line, target in imports(path)
        if RANKS[folder_of(target)] > RANKS[folder_of(path)]
    ]
    assert upward == []


def test_no_two_folders_import_each_other_even_through_others():
    edges: dict[str, set[str]] = {}
    for path in modules():
        for _, target in imports(path):
            if folder_of(target) != folder_of(path):
                edges.setdefault(folder_of(path), set()).add(folder_of(target))

    def cycle_from(folder: str, trail: list[str]) -> list[str] | None:
        if folder in trail:
            return trail[trail.index(folder) :] + [folder]
        for nxt in sorted(edges.get(folder, ())):
            found = cycle_from(nxt, trail + [folder])
            if found:
                return found
        return None

    assert [c for c in (cycle_from(f, []) for f in sorted(edges)) if c] == []


def test_the_checks_read_the_imports_they_judge():
    """The checks above would pass on a tree whose imports they missed: the query index's
    imports are seen, and an import the other way round would be flagged."""
    found = {folder_of(target) for _, target in imports(REPO / "kg/store/query_index.py")}
    assert {"kg", "kg/model", "kg/store"} <= found
    assert RANKS["kg/model"] < RANKS["kg/store"]


def test_cli_command_modules_share_only_cli_options():
    """Inside cli (the top rank, checked above like every folder): cli/__init__.py imports
    the command modules, which import cli/options.py and none of each other's."""
    assert RANKS["cli"] == max(RANKS.values()) and REPO / "cli" / "__init__.py" in modules()
    within = [
        f"{path.relative_to(REPO)}:{line} imports {target.relative_to(REPO)}"
        for path in sorted((REPO / "cli").glob("*.py"))
        if path.name != "__init__.py"
        for line, target in imports(path)
        if folder_of(target) == "cli" and (target.name != "options.py" or path.name == "options.py")
    ]
    assert within == []
