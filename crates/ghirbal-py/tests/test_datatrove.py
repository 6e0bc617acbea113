"""ghirbal.datatrove steps inside datatrove pipelines, against datatrove's own FineWeb-2 chain."""

import gzip
import json
import os

import pytest

pytest.importorskip("datatrove")
yaml = pytest.importorskip("yaml")

from datatrove.data import Document  # noqa: E402
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.filters import (  # noqa: E402
    FineWebQualityFilter,
    GopherQualityFilter,
    GopherRepetitionFilter,
)
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from conftest import DATA  # noqa: E402
from ghirbal.datatrove import GhirbalFilter, GhirbalPipeline  # noqa: E402
from test_process import read_jsonl_zst  # noqa: E402

ARB_CONFIG = DATA / "fineweb2" / "configs" / "arb_Arab.yml"
# Documents of SaudiNewsNet compared (datatrove's filters run at ~120 docs/CPU-s);
# GHIRBAL_PARITY_DOCS=0 compares all 31,030.
PARITY_DOCS = int(os.environ.get("GHIRBAL_PARITY_DOCS", "2500"))


def fineweb2_arb_chain():
    """The three filters of FineWeb-2's pipeline with arb_Arab's thresholds."""
    cfg = yaml.safe_load(ARB_CONFIG.read_text(encoding="utf-8"))
    lang = "arb_Arab"
    return [
        GopherRepetitionFilter(
            language=lang, dup_para_frac=0, dup_line_char_frac=0, dup_para_char_frac=0,
            dup_line_frac=cfg["dup_line_frac"], top_n_grams=cfg["top_n_grams"],
            dup_n_grams=cfg["dup_n_grams"]),
        FineWebQualityFilter(
            language=lang, short_line_thr=999, char_duplicates_ratio=0.1,
            line_punct_thr=cfg["line_punct_thr"], new_line_ratio=cfg["new_line_ratio"]),
        GopherQualityFilter(
            language=lang, max_avg_word_length=cfg["max_avg_word_length"],
            min_avg_word_length=cfg["min_avg_word_length"], stop_words=cfg["stopwords"],
            max_non_alpha_words_ratio=cfg["max_non_alpha_words_ratio"], min_stop_words=2),
    ]


def written_ids(folder):
    ids = []
    for name in sorted(os.listdir(folder)):
        with gzip.open(os.path.join(folder, name), "rt", encoding="utf-8") as f:
            ids.extend(json.loads(line)["id"] for line in f)
    return ids


def run_pipeline(steps, logs):
    LocalPipelineExecutor(pipeline=steps, tasks=1, workers=1, logging_dir=str(logs)).run()


@pytest.fixture(scope="module")
def snn_sample(tmp_path_factory, saudinewsnet):
    if not ARB_CONFIG.exists():
        pytest.skip(f"{ARB_CONFIG} is absent (third-party data)")
    table = read_jsonl_zst(saudinewsnet, PARITY_DOCS or None)
    folder = tmp_path_factory.mktemp("snn")
    with open(folder / "snn.jsonl", "w", encoding="utf-8") as f:
        for row in table.select(["id", "text", "url", "title", "source"]).to_pylist():
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return folder


def test_ghirbal_filter_decides_as_datatrove_fineweb2(tmp_path, snn_sample):
    reader = lambda: JsonlReader(str(snn_sample), glob_pattern="snn.jsonl")  # noqa: E731
    run_pipeline([reader(), *fineweb2_arb_chain(), JsonlWriter(str(tmp_path / "dt"))],
                 tmp_path / "dt-logs")
    ghirbal_filter = GhirbalFilter(exclusion_writer=JsonlWriter(str(tmp_path / "gh-dropped")))
    run_pipeline([reader(), ghirbal_filter, JsonlWriter(str(tmp_path / "gh"))],
                 tmp_path / "gh-logs")

    datatrove_kept = written_ids(tmp_path / "dt")
    ghirbal_kept = written_ids(tmp_path / "gh")
    assert len(datatrove_kept) > 0
    assert ghirbal_kept == datatrove_kept
    dropped = written_ids(tmp_path / "gh-dropped")
    read = sum(1 for _ in open(snn_sample / "snn.jsonl", encoding="utf-8"))
    # datatrove's reader skips empty texts; every other document was kept or dropped.
    assert len(ghirbal_kept) + len(dropped) <= read
    assert set(dropped).isdisjoint(ghirbal_kept)
    with gzip.open(next((tmp_path / "gh-dropped").iterdir()), "rt", encoding="utf-8") as f:
        first = json.loads(f.readline())
    assert first["metadata"]["filter_reason"].startswith("filter:")
    # datatrove's stats conventions: total, forwarded, dropped, dropped_<reason>.
    stats = json.loads((tmp_path / "gh-logs" / "stats.json").read_text())
    step = next(s for s in stats if "ghirbal" in s["name"])
    assert step["stats"]["total"] == len(ghirbal_kept) + len(dropped)
    assert step["stats"]["forwarded"] == len(ghirbal_kept)
    assert step["stats"]["dropped"] == len(dropped)
    assert any(k.startswith("dropped_filter:") for k in step["stats"])


def test_ghirbal_pipeline_step_rewrites_documents():
    # A news paragraph of distinct sentences (a repeated one is rightly a repetition reject).
    text = ("أعلنت وزارة الصحة السعودية اليوم افتتاح مستشفى جديد في مدينة جدة بطاقة استيعابية تبلغ "
            "مئتي سرير. وقال الوزير في مؤتمر صحفي إن المشروع استغرق ثلاث سنوات من العمل المتواصل "
            "بتكلفة تجاوزت نصف مليار ريال. ويضم المستشفى أقساما متخصصة لأمراض القلب والأورام وطب "
            "الأطفال، إضافة إلى مركز حديث للطوارئ. وأوضح المتحدث الرسمي أن الكوادر الطبية التي "
            "ستعمل فيه تلقت تدريبا مكثفا داخل المملكة وخارجها. من جهتهم، رحب سكان الأحياء "
            "المجاورة بالخطوة، مؤكدين أنها ستخفف الضغط على المرافق القائمة. ومن المتوقع أن يستقبل "
            "المستشفى أول مرضاه مطلع الشهر المقبل بعد استكمال إجراءات التشغيل التجريبي.")
    docs = [
        Document(text=text + "\nللتواصل: press@example.com", id="a"),
        Document(text="", id="empty"),
        Document(text="Click here. Home | News | Sports", id="menu"),
    ]
    step = GhirbalPipeline(preset="arabic-news")
    out = list(step.run(iter(docs)))
    kept = {d.id: d for d in out}
    assert "a" in kept and "empty" not in kept
    doc = kept["a"]
    assert "<EMAIL>" in doc.text
    assert doc.metadata["lang"] == "ar"
    assert doc.metadata["ghirbal_signals"]
    assert step.stats["total"].total == 3
    assert step.stats["dropped"].total == 3 - len(out)
