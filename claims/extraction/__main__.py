"""Command line: ``python -m claims.extraction PATH [--format json|table]``.

Prints the quotes of one article (stored text format, or a saved ``.html``/``.htm`` page)
in the JSON contract of the evaluation README or as a readable table.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .parser import ArticleParseError, parse_html
from .quotes import extract_quotes, extract_quotes_from_article, render


def quotes_for_path(path: Path) -> str:
    """Read ``path`` (UTF-8) and return its quotes; HTML pages go through trafilatura first.

    For HTML the offsets refer to the extracted article text, not to the page.
    """
    raw = path.read_text(encoding="utf-8")
    if path.suffix.lower() in {".html", ".htm"}:
        return extract_quotes_from_article(parse_html(raw))  # type: ignore[return-value]
    return extract_quotes(raw)  # type: ignore[return-value]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m claims.extraction", description=__doc__.splitlines()[0])
    ap.add_argument("path", type=Path, help="article file (.txt in the stored format, or .html)")
    ap.add_argument("--format", choices=("json", "table"), default="json")
    args = ap.parse_args(argv)
    try:
        quotes = quotes_for_path(args.path)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"cannot read {args.path}: {exc}", file=sys.stderr)
        return 2
    except ArticleParseError as exc:
        print(f"{args.path}: {exc}", file=sys.stderr)
        return 2
    print(render(quotes, args.format))  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
