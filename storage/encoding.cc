#include "storage/encoding.h"

namespace innoledger::storage {

// Big-endian, appended in one go (byte by byte showed in the sequencer's profile).
void Encoder::U32(uint32_t v) {
  char bytes[4];
  for (int i = 3; i >= 0; --i, v >>= 8) bytes[i] = static_cast<char>(v & 0xff);
  out_.append(bytes, sizeof bytes);
}

void Encoder::U64(uint64_t v) {
  char bytes[8];
  for (int i = 7; i >= 0; --i, v >>= 8) bytes[i] = static_cast<char>(v & 0xff);
  out_.append(bytes, sizeof bytes);
}

void Encoder::String(absl::string_view s) {
  U32(static_cast<uint32_t>(s.size()));
  Raw(s);
}

void Encoder::Bytes(const Digest& d) {
  out_.append(reinterpret_cast<const char*>(d.data()), d.size());
}

bool Decoder::Take(size_t n, absl::string_view* out) {
  if (!ok_ || in_.size() < n) {
    ok_ = false;
    return false;
  }
  *out = in_.substr(0, n);
  in_.remove_prefix(n);
  return true;
}

bool Decoder::U8(uint8_t* v) {
  absl::string_view b;
  if (!Take(1, &b)) return false;
  *v = static_cast<uint8_t>(b[0]);
  return true;
}

bool Decoder::U32(uint32_t* v) {
  absl::string_view b;
  if (!Take(4, &b)) return false;
  *v = 0;
  for (char c : b) *v = (*v << 8) | static_cast<uint8_t>(c);
  return true;
}

bool Decoder::U64(uint64_t* v) {
  absl::string_view b;
  if (!Take(8, &b)) return false;
  *v = 0;
  for (char c : b) *v = (*v << 8) | static_cast<uint8_t>(c);
  return true;
}

bool Decoder::I32(int32_t* v) {
  uint32_t u;
  if (!U32(&u)) return false;
  *v = static_cast<int32_t>(u);
  return true;
}

bool Decoder::I64(int64_t* v) {
  uint64_t u;
  if (!U64(&u)) return false;
  *v = static_cast<int64_t>(u);
  return true;
}

bool Decoder::String(std::string* s, size_t max_length) {
  uint32_t length;
  if (!U32(&length)) return false;
  if (length > max_length) {
    ok_ = false;
    return false;
  }
  absl::string_view b;
  if (!Take(length, &b)) return false;
  s->assign(b.data(), b.size());
  return true;
}

bool Decoder::Bytes(Digest* d) {
  absl::string_view b;
  if (!Take(d->size(), &b)) return false;
  std::copy(b.begin(), b.end(), d->begin());
  return true;
}

}  // namespace innoledger::storage
