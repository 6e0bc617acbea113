"""Shared fixtures: the repository's paths, the CLI binary the package is compared with."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
# Third-party data, outside the clone; tests that need it skip when it is absent.
DATA = ROOT.parent / "shared" / "data"
SAUDINEWSNET = DATA / "arabic" / "saudinewsnet" / "saudinewsnet.jsonl.zst"


def _binary() -> Path:
    env = os.environ.get("GHIRBAL_BIN")
    if env:
        return Path(env)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return target / "debug" / "ghirbal"


@pytest.fixture(scope="session")
def cli_bin() -> Path:
    """The `ghirbal` binary built by cargo (scripts/test.sh sets $GHIRBAL_BIN)."""
    path = _binary()
    if not path.exists():
        pytest.fail(f"no ghirbal binary at {path}; build it with `cargo build -p ghirbal-cli`")
    return path


@pytest.fixture(scope="session")
def saudinewsnet() -> Path:
    if not SAUDINEWSNET.exists():
        pytest.skip(f"{SAUDINEWSNET} is absent (third-party data)")
    return SAUDINEWSNET


def run_cli(binary, *args, cwd=None):
    """Runs the binary and returns the completed process (failing on a bad exit)."""
    done = subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True, cwd=cwd)
    assert done.returncode == 0, f"ghirbal {args} exited {done.returncode}: {done.stderr}"
    return done


def output_files(out: Path) -> dict:
    """Every file of kept/ and rejects/, by relative path, with its bytes."""
    files = {}
    for part in ("kept", "rejects"):
        for f in sorted((out / part).iterdir()):
            files[f"{part}/{f.name}"] = f.read_bytes()
    return files


def without_times(stats: dict) -> dict:
    """stats.json less what differs between two runs of the same job (times, peak memory)."""
    def strip(v):
        if isinstance(v, dict):
            return {k: strip(x) for k, x in v.items() if k not in ("seconds", "peak_rss_bytes")}
        return v

    return strip(stats)


__all__ = ["ROOT", "EXAMPLES", "run_cli", "output_files", "without_times", "shutil"]


@pytest.fixture(scope="session")
def ray_session():
    """One local Ray for the whole suite: 2 CPUs, bound to 127.0.0.1, no dashboard, no auth
    (RAY_AUTH_MODE=disabled). Skips when Ray is not installed."""
    ray = pytest.importorskip("ray")
    os.environ["RAY_AUTH_MODE"] = "disabled"
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        _node_ip_address="127.0.0.1",
        object_store_memory=80 * 1024 * 1024,
        log_to_driver=False,
    )
    yield ray
    ray.shutdown()
