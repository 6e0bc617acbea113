"""ghirbal from worker processes (multiprocessing, Ray, datatrove's executors) started by fork,
spawn or forkserver, after the parent used the package. A fork copies the parent's memory but
not its threads: nothing ghirbal runs may wait on a thread pool the parent started."""

import multiprocessing

import pytest

import ghirbal
from conftest import EXAMPLES

ARTICLE = ("أعلنت وزارة الصحة السعودية اليوم افتتاح مستشفى جديد في مدينة جدة بطاقة استيعابية "
           "تبلغ مئتي سرير. وقال الوزير في مؤتمر صحفي إن المشروع استغرق ثلاث سنوات من العمل "
           "المتواصل بتكلفة تجاوزت نصف مليار ريال. ويضم المستشفى أقساما متخصصة لأمراض القلب "
           "والأورام وطب الأطفال، إضافة إلى مركز حديث للطوارئ.")


def _process(n):
    """Runs in a worker: a Pipeline built there, on a few records."""
    result = ghirbal.Pipeline(threads=2).process(
        [{"id": f"{n}-{i}", "text": ARTICLE} for i in range(3)] + [{"id": f"{n}-x", "text": None}])
    return result.stats["total"]["read"], result.kept.column("id").to_pylist()


def _run(out):
    """Runs in a worker: ghirbal.run on the sample."""
    return ghirbal.run(EXAMPLES, out, progress=False)["total"]["kept"]


@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
def test_pipeline_and_run_in_worker_processes(tmp_path, method):
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} on this platform")
    # The parent has used the package first (its threads started and ended) before forking.
    here_read, here_kept = _process(0)
    here_run = _run(tmp_path / "parent")
    ctx = multiprocessing.get_context(method)
    # A worker waiting on a pool that did not survive the fork would hang: fail instead (the
    # bound is no timing claim, only a way out; the pool is terminated on leaving the block).
    with ctx.Pool(2) as pool:
        done = pool.map_async(_process, [0, 1, 2]).get(timeout=300)
        runs = pool.map_async(_run, [tmp_path / "a", tmp_path / "b"]).get(timeout=300)
    assert done[0] == (here_read, here_kept)
    assert [d[0] for d in done] == [4, 4, 4]
    assert [len(d[1]) for d in done] == [len(here_kept)] * 3
    assert runs == [here_run, here_run]
