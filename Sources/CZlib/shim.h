// The system zlib (Debian: zlib1g-dev), for .jsonl.gz shards and CRC-32 content hashes.
#include <zlib.h>
