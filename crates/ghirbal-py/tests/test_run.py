"""ghirbal.run and the console command against the command line built by cargo."""

import json
import os
import signal
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest

import ghirbal
from conftest import EXAMPLES, output_files, run_cli, without_times


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_run_matches_cli_byte_for_byte(tmp_path, cli_bin, fmt):
    cli_out = tmp_path / "cli"
    run_cli(cli_bin, "run", EXAMPLES, "-o", cli_out, "--format", fmt, "--quiet")
    py_out = tmp_path / "py"
    stats = ghirbal.run(EXAMPLES, py_out, format=fmt, progress=False)

    cli_files = output_files(cli_out)
    assert cli_files, "the CLI wrote no shard"
    assert output_files(py_out) == cli_files
    on_disk = json.loads((py_out / "stats.json").read_text())
    assert stats == on_disk
    cli_stats = json.loads((cli_out / "stats.json").read_text())
    assert without_times(stats) == without_times(cli_stats)
    total = stats["total"]
    assert total["read"] == total["kept"] + sum(
        sum(total[k].values()) for k in ("rejected", "errors", "skipped")
    )


def test_switches_match_cli(tmp_path, cli_bin):
    cli_out = tmp_path / "cli"
    run_cli(cli_bin, "run", EXAMPLES, "-o", cli_out, "--skip", "dedup,pii", "--threads", "1",
            "--preset", "datatrove-compat", "--quiet")
    py_out = tmp_path / "py"
    stats = ghirbal.run([EXAMPLES], py_out, skip=["dedup", "pii"], threads=1,
                        preset="datatrove-compat", progress=False)
    assert output_files(py_out) == output_files(cli_out)
    assert "dedup" not in stats["stages"]
    assert stats["run"]["preset"] == "datatrove-compat"


def test_config_dict_equals_toml_file(tmp_path, cli_bin):
    toml = tmp_path / "c.toml"
    toml.write_text('[filter]\nmin_doc_words = 60\n[run]\nshard_records = 5\n')
    cli_out = tmp_path / "cli"
    run_cli(cli_bin, "run", EXAMPLES, "-o", cli_out, "--config", toml, "--quiet")
    from_file = tmp_path / "file"
    ghirbal.run(EXAMPLES, from_file, config=toml, progress=False)
    from_dict = tmp_path / "dict"
    ghirbal.run(EXAMPLES, from_dict, config={"filter": {"min_doc_words": 60},
                                             "run": {"shard_records": 5}}, progress=False)
    expected = output_files(cli_out)
    assert len([k for k in expected if k.startswith("kept/")]) > 1, "shard_records was applied"
    assert output_files(from_file) == expected
    assert output_files(from_dict) == expected


def test_bad_config_raises_config_error(tmp_path):
    cases = [
        dict(preset="no-such-preset"),
        dict(config={"filter": {"no_such_key": 1}}),
        dict(config={"no_such_table": {"a": 1}}),
        dict(config={"run": {"threads": "many"}}),
        dict(config={"filter": {"c4": None}}),
        dict(config=tmp_path / "missing.toml"),
        dict(skip=["dedup"], only=["filter"]),
        dict(skip="nosuchstage"),
        dict(format="csv"),
        dict(threads=-1),
    ]
    for kwargs in cases:
        with pytest.raises(ghirbal.ConfigError) as e:
            ghirbal.run(EXAMPLES, tmp_path / "out", progress=False, **kwargs)
        assert isinstance(e.value, ghirbal.GhirbalError), kwargs
        assert str(e.value), kwargs


def test_config_error_has_the_cli_message(tmp_path, cli_bin):
    done = subprocess.run([str(cli_bin), "run", str(EXAMPLES), "-o", str(tmp_path / "c"),
                           "--preset", "nope"], capture_output=True, text=True)
    assert done.returncode == 2
    with pytest.raises(ghirbal.ConfigError) as e:
        ghirbal.run(EXAMPLES, tmp_path / "p", preset="nope", progress=False)
    assert done.stderr.strip() == f"ghirbal: error: {e.value}"


def test_input_and_output_errors(tmp_path):
    with pytest.raises(ghirbal.InputError, match="input not found|no input found"):
        ghirbal.run(tmp_path / "absent.jsonl", tmp_path / "out", progress=False)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(ghirbal.OutputError, match="cannot write output"):
        ghirbal.run(EXAMPLES, blocker / "out", progress=False)
    assert issubclass(ghirbal.InputError, ghirbal.GhirbalError)
    assert issubclass(ghirbal.OutputError, ghirbal.GhirbalError)


def test_a_rerun_asks_for_overwrite_or_resume(tmp_path):
    out = tmp_path / "out"
    first = ghirbal.run(EXAMPLES, out, preset="minimal", progress=False)
    (out / "notes.txt").write_text("mine")
    with pytest.raises(ghirbal.OutputError, match="--overwrite.*--resume"):
        ghirbal.run(EXAMPLES, out, preset="minimal", progress=False)
    again = ghirbal.run(EXAMPLES, out, preset="minimal", progress=False, overwrite=True)
    assert again["total"] == {**first["total"], "seconds": again["total"]["seconds"]}
    assert (out / "notes.txt").read_text() == "mine"


def test_bad_records_are_rejects_not_errors(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "ok"}\n{not json\n{"id": 3}\n')
    stats = ghirbal.run(src, tmp_path / "out", preset="minimal", progress=False)
    assert stats["total"]["read"] == 3
    assert stats["total"]["errors"] == {"error:bad_json": 1, "error:no_text": 1}


def _console_script() -> Path:
    scripts = Path(sysconfig.get_path("scripts"))
    return scripts / ("ghirbal.exe" if os.name == "nt" else "ghirbal")


def test_console_command_is_the_cli(tmp_path, cli_bin):
    script = _console_script()
    assert script.exists(), f"pip did not install the ghirbal command at {script}"
    version = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert version.returncode == 0
    assert version.stdout == run_cli(cli_bin, "--version").stdout
    out = tmp_path / "pip"
    done = subprocess.run([str(script), "run", str(EXAMPLES), "-o", str(out), "--quiet"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    cli_out = tmp_path / "cli"
    run_cli(cli_bin, "run", EXAMPLES, "-o", cli_out, "--quiet")
    assert output_files(out) == output_files(cli_out)
    # The summary table and usage errors are the binary's own.
    shown = subprocess.run([str(script), "run", str(EXAMPLES), "-o", str(tmp_path / "t")],
                           capture_output=True, text=True)
    assert "rejected dedup:exact" in shown.stdout
    bad = subprocess.run([str(script), "run", "--no-such-flag"], capture_output=True, text=True)
    cli_bad = subprocess.run([str(cli_bin), "run", "--no-such-flag"], capture_output=True,
                             text=True)
    assert bad.returncode == cli_bad.returncode == 2
    assert bad.stderr == cli_bad.stderr
    module = subprocess.run([sys.executable, "-m", "ghirbal", "--version"], capture_output=True,
                            text=True)
    assert module.stdout == version.stdout


INTERRUPTED_RUN = """
import sys, ghirbal
try:
    ghirbal.run(sys.argv[1], sys.argv[2], skip=["dedup"], threads=1, progress=False,
                config={"run": {"shard_records": 500, "batch_records": 64}})
except KeyboardInterrupt:
    print("interrupted", flush=True)
    sys.exit(3)
print("finished", flush=True)
"""


def test_ctrl_c_stops_cleanly_and_resumes(tmp_path, saudinewsnet):
    # The first 6,000 articles: enough shards to interrupt between, little enough for CI.
    import io

    import zstandard

    with open(saudinewsnet, "rb") as raw:
        lines = io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(raw))
        head = b"".join(line for _, line in zip(range(6000), lines))
    saudinewsnet = tmp_path / "snn-6000.jsonl"
    saudinewsnet.write_bytes(head)
    out = tmp_path / "out"
    child = subprocess.Popen([sys.executable, "-c", INTERRUPTED_RUN, str(saudinewsnet), str(out)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    manifest = out / ".ghirbal" / "manifest.json"
    deadline = time.monotonic() + 300
    # Interrupt once some shards are complete, so that resuming has something to keep.
    while time.monotonic() < deadline and child.poll() is None:
        if manifest.exists() and len(json.loads(manifest.read_text() or "{}").get("shards", {})) >= 2:
            break
        time.sleep(0.05)
    child.send_signal(signal.SIGINT)
    stdout, stderr = child.communicate(timeout=120)
    if "finished" in stdout:
        pytest.skip("the run finished before it could be interrupted")
    assert child.returncode == 3, stderr
    assert stdout.strip() == "interrupted"
    assert not (out / "stats.json").exists()
    kept_shards = json.loads(manifest.read_text())["shards"]
    assert kept_shards, "completed shards stay listed for --resume"

    stats = ghirbal.run(saudinewsnet, out, skip=["dedup"], threads=1, progress=False,
                        resume=True, config={"run": {"shard_records": 500, "batch_records": 64}})
    assert stats["run"]["resumed_shards"] == len(kept_shards)
    whole = tmp_path / "whole"
    ghirbal.run(saudinewsnet, whole, skip=["dedup"], threads=2, progress=False,
                config={"run": {"shard_records": 500, "batch_records": 64}})
    assert output_files(out) == output_files(whole)
