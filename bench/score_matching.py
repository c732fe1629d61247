"""Score claim matching on ../shared/eval/matching: import the 83 polnear-dev articles into an
empty scratch database through the real import service, write their attributions as JSON lines,
and run ``match_score.py`` on them (its own figures, printed as it prints them).

    .venv/bin/python bench/score_matching.py [--database-url postgres://...] [--pred FILE] [-v]

Without --database-url a temporary SQLite file is used. The articles are read from ../shared at
run time and never copied here.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--pred", type=Path, default=None, help="keep the attributions (JSON lines) in FILE")
    parser.add_argument("--verbose", "-v", action="store_true", help="match_score.py's list of misses")
    args = parser.parse_args()
    paths = sorted((EVAL / "polnear-dev").glob("*.txt"))
    if not paths or not (EVAL / "matching" / "pairs.json").exists():
        print(f"no matching pairs under {EVAL}; nothing to score", file=sys.stderr)
        return 1

    scratch = tempfile.TemporaryDirectory()
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{scratch.name}/matching.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.test_settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from claims.models import Article
    from claims.services.imports import import_article, read_article_file

    call_command("migrate", verbosity=0)
    if Article.objects.exists():
        print("the database is not empty: matching is scored from an empty one", file=sys.stderr)
        return 1
    pred = args.pred or Path(scratch.name) / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as out:
        for path in paths:
            result = import_article(text=read_article_file(path), filename=path.name)
            atts = [{"start": a.start, "end": a.end, "text": a.text, "claim": a.claim_id}
                    for a in result.attributions]
            out.write(json.dumps({"file": str(path), "attributions": atts}, ensure_ascii=False) + "\n")
    command = [sys.executable, str(EVAL / "match_score.py"), "--pairs", str(EVAL / "matching" / "pairs.json"),
               "--root", str(EVAL), "--pred", str(pred)] + (["-v"] if args.verbose else [])
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
