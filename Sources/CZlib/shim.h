// zlib (Debian zlib1g-dev), for the knowledge base's compressed article texts
// (`PackedText` in ZhAnalysis). Only `compressBound`, `compress2` and `uncompress` are used.
#include <zlib.h>
