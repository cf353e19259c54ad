#!/usr/bin/env python3
"""Clean a JSONL corpus on Spark by piping every partition through `sift run`.

    spark-submit examples/spark/sift_pipe.py INPUT.jsonl[.gz] OUTPUT_DIR \
        --pipeline clean-scraped --sift /usr/local/bin/sift

Each partition's records ({"id", "text", "metadata"} lines, the datatrove/dolma schema) go to one
`sift run PIPELINE --input-format jsonl --output-format jsonl` process on stdin; sift answers one
cleaned record per line, in order, and reports bad records as JSON lines on its stderr (kept in
the executor's log) instead of failing the task. The cleaned corpus is written with
saveAsTextFile (add --compress for gzip part files).
"""
import argparse
import os
import shlex
import sys

from pyspark import SparkConf, SparkContext


def sift_command(sift, pipeline, jobs):
    # --jobs 1: Spark already runs one task per core; --allow-errors: a bad record is reported on
    # stderr, not a failed task.
    return [sift, "run", pipeline, "--input-format", "jsonl", "--output-format", "jsonl",
            "--jobs", str(jobs), "--error-format", "jsonl", "--allow-errors", "--quiet"]


def clean(sc, input_path, pipeline, sift, partitions=None, jobs=1, env=None):
    """The cleaned records of input_path, as an RDD of JSON lines."""
    records = sc.textFile(input_path, minPartitions=partitions) if partitions else sc.textFile(input_path)
    command = " ".join(shlex.quote(a) for a in sift_command(sift, pipeline, jobs))
    return records.pipe(command, env=env or {})


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input", help="a JSONL corpus (file, folder or glob; .gz is read transparently)")
    parser.add_argument("output", help="a folder for the cleaned part files")
    parser.add_argument("--pipeline", default="clean-scraped", help="a pipeline name or a path to a .yaml file")
    parser.add_argument("--sift", default="sift", help="the sift binary (on every worker)")
    parser.add_argument("--partitions", type=int, default=None)
    parser.add_argument("--master", default=None, help="for example local[2]; spark-submit sets it otherwise")
    parser.add_argument("--compress", action="store_true", help="gzip the part files")
    args = parser.parse_args(argv)

    conf = SparkConf().setAppName("sift-clean")
    if args.master:
        conf.setMaster(args.master)
    sc = SparkContext(conf=conf)
    env = {k: os.environ[k] for k in ("SIFT_PIPELINE_PATH", "PATH") if k in os.environ}
    cleaned = clean(sc, args.input, args.pipeline, args.sift, args.partitions, env=env)
    codec = "org.apache.hadoop.io.compress.GzipCodec" if args.compress else None
    cleaned.saveAsTextFile(args.output, compressionCodecClass=codec)
    sc.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
