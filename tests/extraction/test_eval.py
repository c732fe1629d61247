"""Score the extractor in-process on the shared evaluation sets (skipped when ../shared is absent).

Uses score.py's own matching functions, loaded by path, so the thresholds here are the ones
the real scorer reports.  The articles are read at run time and never copied into the project.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from claims.extraction.quotes import extract_quotes

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
EVAL = SHARED / "eval"

pytestmark = pytest.mark.skipif(not (EVAL / "score.py").exists(), reason="../shared/eval is not available")


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_eval_score", EVAL / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def evaluate(gold_dir: Path, articles_dir: Path) -> dict[str, float]:
    sc = _scorer()
    totals = dict.fromkeys(("q_gold", "q_pred", "q_tp", "q_attr", "r_gold", "r_pred", "r_tp", "invalid"), 0)
    for gold_path in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        content = (articles_dir / gold["article"]).read_text(encoding="utf-8")
        golds: dict[str, list[dict]] = {"q": [], "r": []}
        for g in gold["quotes"]:
            span = sc.trim(content, *sc.span_of(content, g["text"], g.get("occurrence", 1)))
            names = {sc.norm_name(g["speaker"])} | {sc.norm_name(a) for a in g.get("speaker_aliases", [])}
            track = "q" if g["kind"] in sc.QUOTED else "r"
            golds[track].append({"span": span, "names": names, "judged": g.get("speaker_is_name", True)})
        preds: dict[str, list[dict]] = {"q": [], "r": []}
        for q in extract_quotes(content):
            p = q.to_dict()
            if content[q.start:q.end] != q.text:
                totals["invalid"] += 1
                continue
            preds["q" if q.kind in sc.QUOTED else "r"].append({"span": sc.trim(content, q.start, q.end), "p": p})
        for track, threshold in (("q", 0.5), ("r", 0.3)):
            pairs = sc.match(golds[track], preds[track], threshold)
            totals[f"{track}_gold"] += len(golds[track])
            totals[f"{track}_pred"] += len(preds[track])
            totals[f"{track}_tp"] += len(pairs)
            if track == "q":
                totals["q_attr"] += sum(1 for gi, pi in pairs if sc.speaker_ok(golds[track][gi], preds[track][pi]["p"]))
    return {
        "quoted_f1": sc.prf(totals["q_tp"], totals["q_pred"], totals["q_gold"])[2],
        "attribution_f1": sc.prf(totals["q_attr"], totals["q_pred"], totals["q_gold"])[2],
        "reported_f1": sc.prf(totals["r_tp"], totals["r_pred"], totals["r_gold"])[2],
        "invalid": totals["invalid"],
    }


def test_it_meets_the_targets_on_the_seed() -> None:
    result = evaluate(EVAL / "dev", SHARED / "seeds")
    assert result["invalid"] == 0
    assert result["attribution_f1"] >= 0.95, result
    assert result["reported_f1"] >= 0.70, result


def test_it_holds_its_level_on_polnear_dev() -> None:
    result = evaluate(EVAL / "polnear-dev", EVAL / "polnear-dev")
    assert result["invalid"] == 0
    # rules-2.0 reaches quoted F1 0.919, attribution F1 0.859 and reported F1 0.740: asserted as
    # floors just under that level, so a rule that loses ground fails here.
    assert result["quoted_f1"] >= 0.91, result
    assert result["attribution_f1"] >= 0.85, result
    assert result["reported_f1"] >= 0.73, result


@pytest.mark.slow
def test_it_holds_its_level_on_polnear_train() -> None:
    # The training split (837 articles) the rules were also tuned on: rules-2.0 reaches quoted
    # F1 0.912, attribution F1 0.806 and reported F1 0.710.
    if not (EVAL / "polnear-train").is_dir():
        pytest.skip("../shared/eval/polnear-train is not available")
    result = evaluate(EVAL / "polnear-train", EVAL / "polnear-train")
    assert result["invalid"] == 0
    assert result["quoted_f1"] >= 0.905, result
    assert result["attribution_f1"] >= 0.80, result
    assert result["reported_f1"] >= 0.70, result
