// A 128-bit signed integer for overflow-free sums and products of int64
// values. GCC and Clang provide __int128 on 64-bit targets.
#pragma once

namespace aidmatch::detail {

__extension__ using Int128 = __int128;

}  // namespace aidmatch::detail
