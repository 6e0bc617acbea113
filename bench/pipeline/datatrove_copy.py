#!/usr/bin/env python3
"""datatrove's plain read -> write on one JSONL.zst file: JsonlReader -> JsonlWriter (zstd),
one task, one worker: the peer of `ghirbal run --preset minimal`.

    datatrove_copy.py INPUT.jsonl.zst OUTPUT_DIR
"""
import pathlib
import sys

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter


def main():
    src = pathlib.Path(sys.argv[1]).resolve()
    out = pathlib.Path(sys.argv[2]).resolve()
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(src.parent), glob_pattern=src.name, compression="zstd"),
            JsonlWriter(str(out / "kept"), compression="zstd"),
        ],
        tasks=1,
        workers=1,
        logging_dir=str(out / "logs"),
        skip_completed=False,
    ).run()


if __name__ == "__main__":
    main()
