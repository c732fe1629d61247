"""One-line mutations of the rules, and whether a test notices: a mutation that every test still
passes is a rule no test pins down.

    .venv/bin/python bench/mutations.py claims/policy.py -- tests/claims/test_policy.py
    .venv/bin/python bench/mutations.py claims/similarity.py --only 40-90 -- tests/claims/test_similarity.py

Mutations (each alone, one at a time): a comparison flipped (== !=, < >=, <= >, in / not in,
is / is not), `and` / `or` swapped, `not` dropped, True / False swapped, a number moved by one,
and one element dropped from a literal tuple, list or set of constants (a state from a move list,
a word from a word list). For each, the given tests run with `-x`; the survivors are printed with
their line. The mutants live in a copy of the project in a temporary folder, so the working tree
is never touched (and other work can go on in it meanwhile).
"""

from __future__ import annotations

import argparse
import ast
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLIPS: dict[type, type] = {
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Lt: ast.GtE, ast.GtE: ast.Lt, ast.Gt: ast.LtE, ast.LtE: ast.Gt,
    ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}


@dataclass
class Mutation:
    line: int
    what: str
    source: str


def _literal_of_constants(node: ast.AST) -> bool:
    return isinstance(node, ast.Tuple | ast.List | ast.Set) and len(node.elts) >= 2 and all(
        isinstance(e, ast.Constant | ast.Attribute | ast.Name) for e in node.elts)


def mutations(source: str, lines: range | None) -> Iterator[Mutation]:
    tree = ast.parse(source)
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                  and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    # Type annotations and decorators' arguments change nothing the tests could see: not mutated.
    inert: set[int] = set()
    for node in ast.walk(tree):
        parts: list[ast.AST] = []
        if isinstance(node, ast.AnnAssign):
            parts.append(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            parts += node.decorator_list
            if not isinstance(node, ast.ClassDef) and node.returns is not None:
                parts.append(node.returns)
        elif isinstance(node, ast.arg) and node.annotation is not None:
            parts.append(node.annotation)
        for part in parts:
            inert |= {id(n) for n in ast.walk(part)}
    for node in ast.walk(tree):
        line = getattr(node, "lineno", None)
        if line is None or (lines is not None and line not in lines) or id(node) in inert:
            continue
        changes: list[tuple[str, callable]] = []
        if isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                if type(op) in FLIPS:
                    def flip(n=node, i=i, op=op):
                        n.ops[i] = FLIPS[type(op)]()
                        return lambda: n.ops.__setitem__(i, op)
                    changes.append((f"{type(op).__name__} -> {FLIPS[type(op)].__name__}", flip))
        elif isinstance(node, ast.BoolOp):
            def swap(n=node):
                old = n.op
                n.op = ast.Or() if isinstance(old, ast.And) else ast.And()
                return lambda: setattr(n, "op", old)
            changes.append(("and <-> or", swap))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            def drop_not(n=node):
                old = n.op
                n.op = ast.UAdd()  # +x: truthiness of x, without the not
                return lambda: setattr(n, "op", old)
            changes.append(("not dropped", drop_not))
        elif isinstance(node, ast.Constant) and id(node) not in docstrings:
            if node.value is True or node.value is False:
                def negate(n=node):
                    old = n.value
                    n.value = not old
                    return lambda: setattr(n, "value", old)
                changes.append((f"{node.value} -> {not node.value}", negate))
            elif isinstance(node.value, int | float) and not isinstance(node.value, bool):
                def bump(n=node):
                    old = n.value
                    n.value = old + 1 if isinstance(old, int) else round(old + 0.05, 4)
                    return lambda: setattr(n, "value", old)
                changes.append((f"{node.value} moved", bump))
        if _literal_of_constants(node):
            for i in range(len(node.elts)):
                def drop(n=node, i=i):
                    removed = n.elts.pop(i)
                    return lambda: n.elts.insert(i, removed)
                changes.append((f"element {i + 1} of {len(node.elts)} dropped", drop))
        for what, apply in changes:
            undo = apply()
            try:
                mutated = ast.unparse(tree)
            finally:
                undo()
            yield Mutation(line, what, mutated)


def killed(workdir: Path, module: Path, mutated: str, tests: list[str], timeout: float) -> bool:
    original = module.read_text(encoding="utf-8")
    module.write_text(mutated, encoding="utf-8")
    try:
        run = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                             cwd=workdir, capture_output=True, timeout=timeout)
        return run.returncode != 0
    except subprocess.TimeoutExpired:
        return True  # an endless loop is noticed too
    finally:
        module.write_text(original, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("module", type=Path)
    parser.add_argument("--only", help="line range, e.g. 40-90")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("tests", nargs="+", help="test paths, after --")
    args = parser.parse_args()
    lines = None
    if args.only:
        first, last = (int(x) for x in args.only.split("-"))
        lines = range(first, last + 1)
    workdir = Path(tempfile.mkdtemp(prefix="mutants-"))
    shutil.copytree(ROOT, workdir, dirs_exist_ok=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "staticfiles", "test-artifacts", "__pycache__", "*.sqlite3*", "bench"))
    module = workdir / args.module
    source = module.read_text(encoding="utf-8")
    found = list(mutations(source, lines))
    survivors: list[Mutation] = []
    started = time.monotonic()
    try:
        for n, mutation in enumerate(found, 1):
            if not killed(workdir, module, mutation.source, args.tests, args.timeout):
                survivors.append(mutation)
                line = source.splitlines()[mutation.line - 1].strip()
                print(f"survived: line {mutation.line}: {mutation.what}: {line}", flush=True)
            if n % 20 == 0:
                print(f"  {n}/{len(found)} tried, {len(survivors)} survived", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    share = len(survivors) / len(found) if found else 0
    print(f"{args.module}: {len(found)} mutations, {len(found) - len(survivors)} killed, {len(survivors)} survived "
          f"({share:.0%}) in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
