#!/usr/bin/env python3
"""The Spark integration test (run by scripts/spark-test): pipes a JSONL corpus through sift on a
local Spark cluster and checks that every document came back, processed exactly as `sift run`
processes it on its own, with bad records reported rather than failing the job."""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sift_pipe import clean, sift_command  # noqa: E402

from pyspark import SparkConf, SparkContext  # noqa: E402


def make_corpus(path, n):
    """n records, with text that the pipeline visibly changes, and a few bad lines."""
    good = []
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            if i % 250 == 17:
                f.write('{"id": "broken-%d", "text": \n' % i)  # malformed JSON
                continue
            text = "Record  %d:\u00a0ﬁne  print\r\n?\r\n%s\u0301 end  \n" % (i, "e" * (i % 5 + 1))
            f.write(json.dumps({"id": "doc-%05d" % i, "text": text, "metadata": {"n": i}}, ensure_ascii=False) + "\n")
            good.append("doc-%05d" % i)
    return good


def main():
    sift, pipeline = sys.argv[1], sys.argv[2]
    n = int(os.environ.get("SIFT_SPARK_RECORDS", "5000"))
    work = tempfile.mkdtemp(prefix="sift-spark-")
    corpus = os.path.join(work, "corpus.jsonl")
    good = make_corpus(corpus, n)

    # What sift alone makes of the corpus: the reference.
    with open(corpus, "rb") as f:
        direct = subprocess.run(sift_command(sift, pipeline, 2), stdin=f, capture_output=True, check=True)
    expected = {json.loads(line)["id"]: line for line in direct.stdout.decode("utf-8").splitlines()}
    assert sorted(expected) == good, "sift alone lost or invented records"

    conf = (SparkConf().setMaster("local[2]").setAppName("sift-spark-test")
            .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false").set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1"))
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    try:
        lines = clean(sc, corpus, pipeline, sift, partitions=4).collect()
    finally:
        sc.stop()

    got = {}
    for line in lines:
        record = json.loads(line)
        assert record["id"] not in got, "record %s came back twice" % record["id"]
        got[record["id"]] = line
    missing = sorted(set(good) - set(got))
    extra = sorted(set(got) - set(good))
    assert not missing, "%d records did not come back, e.g. %s" % (len(missing), missing[:3])
    assert not extra, "unexpected records: %s" % extra[:3]
    differing = [i for i in good if got[i] != expected[i]]
    assert not differing, "%d records differ from sift's own output, e.g. %s" % (len(differing), differing[:3])
    sample = json.loads(got[good[1]])
    assert "ﬁ" not in sample["text"] and "  " not in sample["text"], "record was not processed: %r" % sample["text"]
    print("spark: %d records piped through sift on local[2] in 4 partitions: all back, all processed "
          "(%d bad records reported, not fatal)" % (len(got), n - len(good)))


if __name__ == "__main__":
    main()
