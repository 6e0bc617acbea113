#!/usr/bin/env python3
"""datatrove's plain read -> write on one JSONL.zst file: JsonlReader -> JsonlWriter (zstd),
one task, one worker: the peer of `ghirbal run --preset minimal`.

    datatrove_copy.py INPUT.jsonl.zst OUTPUT_DIR [ZSTD_LEVEL]

datatrove opens its output through fsspec, whose zstd writer compresses at level 10; ghirbal
writes level 3. With ZSTD_LEVEL, fsspec's zstd codec is registered again at that level, so
both tools can be compared doing the same work.
"""
import pathlib
import sys

import fsspec.compression
import zstandard

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter


def main():
    if len(sys.argv) > 3:
        level = int(sys.argv[3])

        def zstd_file(infile, mode="rb"):
            if "r" in mode:
                return zstandard.ZstdDecompressor().stream_reader(infile)
            return zstandard.ZstdCompressor(level=level).stream_writer(infile)

        fsspec.compression.register_compression("zstd", zstd_file, "zst", force=True)
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
