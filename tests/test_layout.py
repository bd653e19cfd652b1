"""The package keeps the shape DESIGN.md sets: small modules, classes and functions.

Size is where a design goes wrong first: one more rule added to the biggest function,
one more job to the biggest class. These limits fail the build instead of a review
noticing months later. Counts include docstrings and comments (what a reader reads).
"""

from __future__ import annotations

import ast
from importlib import resources
from pathlib import Path

import pytest

PACKAGE = Path(str(resources.files("chipwatch")))
MAX_MODULE_LINES = 500
MAX_CLASS_LINES = 250
MAX_FUNCTION_LINES = 60

SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _name(path: Path) -> str:
    return path.relative_to(PACKAGE.parent).as_posix()


def _spans(tree: ast.AST) -> list[tuple[str, str, int]]:
    """(kind, qualified name, lines) of every class and function, nested ones included."""
    found: list[tuple[str, str, int]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                kind = "class" if isinstance(child, ast.ClassDef) else "function"
                start = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                lines = (child.end_lineno or child.lineno) - start + 1
                found.append((kind, f"{prefix}{child.name}", lines))
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(tree, "")
    return found


def test_the_package_has_modules() -> None:
    assert len(SOURCES) > 10


@pytest.mark.parametrize("path", SOURCES, ids=_name)
def test_module_class_and_function_sizes(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    too_big = []
    if len(text.splitlines()) > MAX_MODULE_LINES:
        too_big.append(f"module: {len(text.splitlines())} lines > {MAX_MODULE_LINES}")
    for kind, name, lines in _spans(ast.parse(text)):
        limit = MAX_CLASS_LINES if kind == "class" else MAX_FUNCTION_LINES
        if lines > limit:
            too_big.append(f"{kind} {name}: {lines} lines > {limit}")
    assert not too_big, f"{_name(path)}: " + "; ".join(too_big)


def test_the_cli_takes_no_kwargs_configuration() -> None:
    """Options reach the library as typed values, never as ``**settings``."""
    for module in ("cli.py", "options.py"):
        tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.args.kwarg is not None:
                # bundled()'s wrapper receives Typer's keyword call and rebuilds bundles.
                assert (module, node.name) == ("options.py", "wrapper"), node.name
