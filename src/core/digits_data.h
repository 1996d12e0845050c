// The UCI 8x8 hand-written digits as raw bytes, compiled into the core from src/data/digits.bin by
// src/data/embed_digits.cmake (the format is documented in src/data/make_digits.py:
// "DG88", uint32 little-endian count, then per image 64 pixel bytes 0..16 and one label byte 0..9).
#pragma once

#include <cstddef>

namespace vg {

extern const unsigned char kDigitsData[];
extern const std::size_t kDigitsDataSize;

}  // namespace vg
