"""Score the extractor on the shared evaluation sets in one process, per set and per kind.

Runs ``extract_quotes`` over every article of each set (read from ``../shared/eval`` at run
time, never copied here), optionally writes the predictions as ``<article>.json`` files for
``score.py --pred``, and prints the figures ``score.py`` prints plus speaker accuracy on the
statements whose span was found, per kind (direct, partial, indirect).  Matching and
trimming are ``score.py``'s own functions, loaded by path, so the figures are the scorer's.

    .venv/bin/python bench/score_extractor.py [--set polnear-dev --set polnear-train] [--pred DIR]
        [--errors FILE]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / ".." / "shared" / "eval"
SEEDS = ROOT / ".." / "shared" / "seeds"
sys.path.insert(0, str(ROOT))

from claims.extraction.quotes import extract_quotes  # noqa: E402

SETS = ("dev", "polnear-dev", "polnear-train")


def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_eval_score", EVAL / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def articles_dir(name: str) -> Path:
    return SEEDS if name == "dev" else EVAL / name


def score_set(name: str, pred_dir: Path | None, errors: list[str] | None) -> dict[str, float]:
    sc = scorer()
    t: Counter[str] = Counter()
    for gold_path in sorted((EVAL / name).glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        content = (articles_dir(name) / gold["article"]).read_text(encoding="utf-8")
        quotes = [q.to_dict() for q in extract_quotes(content)]
        if pred_dir is not None:
            (pred_dir / name).mkdir(parents=True, exist_ok=True)
            (pred_dir / name / (gold["article"] + ".json")).write_text(
                json.dumps({"quotes": quotes}, ensure_ascii=False), encoding="utf-8")
        golds: dict[str, list[dict]] = {"q": [], "r": []}
        for g in gold["quotes"]:
            span = sc.trim(content, *sc.span_of(content, g["text"], g.get("occurrence", 1)))
            names = {sc.norm_name(g["speaker"])} | {sc.norm_name(a) for a in g.get("speaker_aliases", [])}
            golds["q" if g["kind"] in sc.QUOTED else "r"].append(
                {"span": span, "names": names, "judged": g.get("speaker_is_name", True), "g": g})
        preds: dict[str, list[dict]] = {"q": [], "r": []}
        for p in quotes:
            if content[p["start"]:p["end"]] != p["text"]:
                t["invalid"] += 1
                continue
            span = sc.trim(content, p["start"], p["end"])
            preds["q" if p["kind"] in sc.QUOTED else "r"].append({"span": span, "p": p})
        for track, threshold in (("q", 0.5), ("r", 0.3)):
            pairs = sc.match(golds[track], preds[track], threshold)
            t[f"{track}_gold"] += len(golds[track])
            t[f"{track}_pred"] += len(preds[track])
            t[f"{track}_tp"] += len(pairs)
            for gi, pi in pairs:
                g, p = golds[track][gi], preds[track][pi]["p"]
                ok = sc.speaker_ok(g, p)
                t[f"{track}_attr"] += ok
                kind = g["g"]["kind"]
                if g["judged"]:
                    t[f"found_{kind}"] += 1
                    t[f"right_{kind}"] += ok
                if errors is not None and not ok:
                    errors.append(f"SPK {name}/{gold['article']} {kind} [{g['g']['speaker']} | got {p['speaker']!r}] "
                                  f"{g['g']['text'][:80]!r} (cue {p['cue']!r}, confidence {p['confidence']})")
            if errors is not None:
                matched_g = {gi for gi, _ in pairs}
                matched_p = {pi for _, pi in pairs}
                for gi, g in enumerate(golds[track]):
                    if gi not in matched_g:
                        errors.append(f"MISS {name}/{gold['article']} {g['g']['kind']} [{g['g']['speaker']}] "
                                      f"{g['g']['text'][:100]!r}")
                for pi, p in enumerate(preds[track]):
                    if pi not in matched_p:
                        errors.append(f"FP {name}/{gold['article']} {p['p']['kind']} [{p['p']['speaker']!r}] "
                                      f"{p['p']['text'][:100]!r}")
    out: dict[str, float] = {}
    for track, label in (("q", "quoted"), ("r", "reported")):
        p, r, f = sc.prf(t[f"{track}_tp"], t[f"{track}_pred"], t[f"{track}_gold"])
        out.update({f"{label}_p": p, f"{label}_r": r, f"{label}_f1": f})
        out[f"{label}_attribution_f1"] = sc.prf(t[f"{track}_attr"], t[f"{track}_pred"], t[f"{track}_gold"])[2]
    for kind in ("direct", "partial", "indirect"):
        out[f"speaker_{kind}"] = t[f"right_{kind}"] / t[f"found_{kind}"] if t[f"found_{kind}"] else 0.0
    quoted_found = t["found_direct"] + t["found_partial"]
    out["speaker_quoted"] = (t["right_direct"] + t["right_partial"]) / quoted_found if quoted_found else 0.0
    out["invalid"] = t["invalid"]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", action="append", choices=SETS, help="evaluation set (repeatable; default all)")
    ap.add_argument("--pred", type=Path, help="also write predictions under DIR/<set>/ for score.py --pred")
    ap.add_argument("--errors", type=Path, help="write every miss, false positive and wrong speaker to FILE")
    ap.add_argument("--json", action="store_true", help="print one JSON object per set")
    args = ap.parse_args()
    if not (EVAL / "score.py").exists():
        print(f"no evaluation data under {EVAL}", file=sys.stderr)
        return 1
    errors: list[str] | None = [] if args.errors else None
    for name in args.set or SETS:
        r = score_set(name, args.pred, errors)
        if args.json:
            print(json.dumps({"set": name} | {k: round(v, 4) for k, v in r.items()}))
            continue
        print(f"{name}: quoted P {r['quoted_p']:.3f} R {r['quoted_r']:.3f} F1 {r['quoted_f1']:.3f}; "
              f"attribution F1 {r['quoted_attribution_f1']:.3f}; reported P {r['reported_p']:.3f} "
              f"R {r['reported_r']:.3f} F1 {r['reported_f1']:.3f} (attribution {r['reported_attribution_f1']:.3f}); "
              f"speaker accuracy on found spans: direct {r['speaker_direct']:.3f}, partial {r['speaker_partial']:.3f}, "
              f"quoted {r['speaker_quoted']:.3f}, indirect {r['speaker_indirect']:.3f}; invalid {r['invalid']:.0f}")
    if args.errors and errors is not None:
        args.errors.write_text("\n".join(errors) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
