"""ghirbal.ray under faults, on the suite's local Ray: a task whose worker dies is retried and
the output is unchanged; a driver killed mid-run and run again gives the same output, reusing
the inputs whose completion was recorded; inputs on the local S3 test server (moto, started by
scripts/test.d/50-remote.sh) give the same output as local files."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import output_files
from test_ray import cli_out, corpus  # noqa: F401 (module fixtures)


def _stats(out):
    return json.loads((out / "stats.json").read_text())


def test_a_task_whose_worker_dies_is_retried(tmp_path, ray_session, corpus, cli_out):
    import ghirbal.ray

    markers = tmp_path / "markers"
    markers.mkdir()
    out = tmp_path / "out"
    stats = ghirbal.ray.run(corpus, out, progress=False,
                            _test={"fail_once": str(markers), "fail_files": [1, 3]})
    # The first attempts of inputs 1 and 3 killed their worker process (os._exit) ...
    assert sorted(p.name for p in markers.iterdir()) == ["failed-1", "failed-3"]
    # ... Ray ran them again, and nothing was lost or doubled.
    assert output_files(out) == output_files(cli_out)
    assert stats["total"]["read"] == _stats(cli_out)["total"]["read"]
    assert stats["ray"]["record_tasks_run"] == len(corpus)


def test_a_corpus_stage_task_whose_worker_dies_is_retried(tmp_path, ray_session, corpus,
                                                         cli_out):
    import ghirbal.ray

    markers = tmp_path / "markers"
    markers.mkdir()
    out = tmp_path / "out"
    failing = ["site-map-0", "site-reduce-1", "dedup-map-2", "dedup-reduce-0"]
    stats = ghirbal.ray.run(corpus, out, progress=False, partitions=2,
                            _test={"fail_once": str(markers), "fail_files": [],
                                   "fail_steps": failing})
    # The first attempt of each of those tasks killed its worker process ...
    assert sorted(p.name for p in markers.iterdir()) == sorted(f"failed-{t}" for t in failing)
    # ... Ray ran them again, and nothing was lost or doubled.
    assert output_files(out) == output_files(cli_out)
    assert stats["total"] == {**_stats(cli_out)["total"], "seconds": stats["total"]["seconds"]}


def test_a_driver_killed_in_the_corpus_stages_run_again_reuses_their_work(
        tmp_path, ray_session, corpus, cli_out):
    import ghirbal.ray

    address = ray_session.get_runtime_context().gcs_address
    out = tmp_path / "out"
    command = [sys.executable, "-m", "ghirbal.ray", "run", *map(str, corpus), "-o", str(out),
               "--address", address, "--tasks", "1", "--partitions", "2", "--quiet"]
    # Test-only: each corpus-stage task sleeps first, so the driver is killed between them.
    env = dict(os.environ, GHIRBAL_RAY_TEST_STEP_DELAY="1.5")
    driver = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    records = out / ".ghirbal" / "ray"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and driver.poll() is None:
        if len(list(records.glob("*/site-map-*.json"))) >= 2:
            break
        time.sleep(0.1)
    assert driver.poll() is None, f"the driver ended before it was killed: {driver.stderr.read()}"
    driver.send_signal(signal.SIGKILL)
    driver.wait()
    assert not (out / "stats.json").exists()

    stats = ghirbal.ray.run(corpus, out, progress=False, partitions=2)
    assert stats["ray"]["record_tasks_skipped"] == len(corpus)
    assert stats["ray"]["steps"]["site-map"]["reused"] >= 2
    assert output_files(out) == output_files(cli_out)
    assert stats["total"] == {**_stats(cli_out)["total"], "seconds": stats["total"]["seconds"]}


def test_a_killed_driver_run_again_gives_the_same_output(tmp_path, ray_session, corpus,
                                                         cli_out):
    import ghirbal.ray

    address = ray_session.get_runtime_context().gcs_address
    out = tmp_path / "out"
    command = [sys.executable, "-m", "ghirbal.ray", "run", *map(str, corpus), "-o", str(out),
               "--address", address, "--tasks", "1", "--quiet"]
    # Test-only: each record-stage task sleeps first, so the driver is killed between tasks.
    env = dict(os.environ, GHIRBAL_RAY_TEST_DELAY="1.5")
    driver = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    records = out / ".ghirbal" / "ray"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and driver.poll() is None:
        if len(list(records.glob("*/input-*.json"))) >= 2:
            break
        time.sleep(0.1)
    assert driver.poll() is None, f"the driver ended before it was killed: {driver.stderr.read()}"
    driver.send_signal(signal.SIGKILL)
    driver.wait()
    assert not (out / "stats.json").exists()
    done_before = len(list(records.glob("*/input-*.json")))
    assert 2 <= done_before < len(corpus)

    stats = ghirbal.ray.run(corpus, out, progress=False)
    assert stats["ray"]["record_tasks_skipped"] >= 2
    assert stats["ray"]["record_tasks_run"] + stats["ray"]["record_tasks_skipped"] == len(corpus)
    assert output_files(out) == output_files(cli_out)
    assert stats["total"] == {**_stats(cli_out)["total"], "seconds": stats["total"]["seconds"]}


@pytest.mark.parametrize("split", [1, 3])
def test_inputs_on_s3(tmp_path, ray_session, corpus, cli_out, split):
    """Objects in storage read whole, and cut into 3 parts each read by ranged requests."""
    endpoint = os.environ.get("GHIRBAL_TEST_S3_ENDPOINT")
    if not endpoint:
        pytest.skip("GHIRBAL_TEST_S3_ENDPOINT is not set (scripts/test.sh starts moto)")
    boto3 = pytest.importorskip("boto3")
    bucket = os.environ.get("GHIRBAL_TEST_S3_BUCKET", "ghirbal-test")
    s3 = {"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "test",
          "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "us-east-1"}
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="test", aws_secret_access_key="test")
    prefix = f"ray-{os.getpid()}-{time.time_ns()}"
    for path in corpus:
        client.put_object(Bucket=bucket, Key=f"{prefix}/{path.name}", Body=path.read_bytes())
    address = ray_session.get_runtime_context().gcs_address
    out = tmp_path / "out"
    # The driver reads the listing with its own environment; the tasks get it through --env.
    done = subprocess.run(
        [sys.executable, "-m", "ghirbal.ray", "run", f"s3://{bucket}/{prefix}/", "-o", str(out),
         "--address", address, "--split", str(split),
         *[a for k in s3 for a in ("--env", k)]],
        env=dict(os.environ, AWS_PROFILE="", **s3), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    if split > 1:
        # Each part read its byte range of the object, none the whole object.
        assert f"split: {len(corpus)} of {len(corpus)} input(s) cut" in done.stderr, done.stderr
        assert "read it whole" not in done.stderr, done.stderr
    ours = output_files(out)
    cli = output_files(cli_out)
    assert ours.keys() == cli.keys()
    # Records name their input file (metadata.input_file), which is the URL here: compare the
    # records with that field put back to the local name.
    import zstandard

    def rows(files):
        out = []
        for name in sorted(files):
            text = zstandard.ZstdDecompressor().decompressobj().decompress(files[name]).decode()
            for line in text.splitlines():
                row = json.loads(line)
                f = row.get("metadata", {}).get("input_file")
                if f:
                    row["metadata"]["input_file"] = f.rsplit("/", 1)[-1]
                out.append((name, row))
        return out

    assert rows(ours) == rows(cli)
    stats = _stats(out)
    assert stats["total"]["read"] == _stats(cli_out)["total"]["read"]
    assert all(name.startswith(f"s3://{bucket}/{prefix}/") for name in stats["files"])
