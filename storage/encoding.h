#ifndef INNOLEDGER_STORAGE_ENCODING_H_
#define INNOLEDGER_STORAGE_ENCODING_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "storage/types.h"

namespace innoledger::storage {

// The byte primitives of every stored record and of the canonical bytes that are hashed:
// fixed-width big-endian integers (signed ones as two's complement) and strings as a u32
// big-endian length followed by the bytes. Big-endian keeps integer keys in order.
// Room an Encoder reserves for an entry's canonical bytes and hash, or a request's
// fingerprint: most are 200–300 bytes. A sizing hint, not a limit (those are in limits.h).
inline constexpr size_t kTypicalEntryBytes = 512;

class Encoder {
 public:
  Encoder() = default;
  // Room for `capacity` bytes up front: a record grown a few bytes at a time is otherwise
  // reallocated and copied four or five times on its way to a few hundred bytes.
  explicit Encoder(size_t capacity) { out_.reserve(capacity); }

  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U32(uint32_t v);
  void U64(uint64_t v);
  void I32(int32_t v) { U32(static_cast<uint32_t>(v)); }
  void I64(int64_t v) { U64(static_cast<uint64_t>(v)); }
  void String(absl::string_view s);
  void Raw(absl::string_view s) { out_.append(s.data(), s.size()); }
  void Bytes(const Digest& d);

  const std::string& out() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

// Reads what Encoder wrote. Every getter returns false (and stays failed) on a short read
// or a string longer than `max_length`; callers check `ok()` / `Done()` once at the end.
class Decoder {
 public:
  explicit Decoder(absl::string_view in) : in_(in) {}

  bool U8(uint8_t* v);
  bool U32(uint32_t* v);
  bool U64(uint64_t* v);
  bool I32(int32_t* v);
  bool I64(int64_t* v);
  bool String(std::string* s, size_t max_length);
  bool Bytes(Digest* d);

  bool ok() const { return ok_; }
  // True when everything decoded and nothing is left over.
  bool Done() const { return ok_ && in_.empty(); }
  absl::string_view rest() const { return in_; }

 private:
  bool Take(size_t n, absl::string_view* out);
  absl::string_view in_;
  bool ok_ = true;
};

}  // namespace innoledger::storage

#endif  // INNOLEDGER_STORAGE_ENCODING_H_
