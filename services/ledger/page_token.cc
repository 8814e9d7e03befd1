#include "services/ledger/page_token.h"

#include <cstdint>

#include "absl/strings/escaping.h"
#include "services/common/errors.h"

namespace innoledger::ledger_service {
namespace {

constexpr char kVersion = 1;
// Longest filter: city (32) + reference key and value (128 each) + headers: far below.
constexpr size_t kMaxTokenLength = 2048;

void AppendUint(std::string& out, uint64_t value, int bytes) {
  for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

uint64_t ReadUint(absl::string_view in, int bytes) {
  uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) value = (value << 8) | static_cast<uint8_t>(in[i]);
  return value;
}

void AppendString(std::string& out, absl::string_view text) {
  AppendUint(out, text.size(), 4);
  out.append(text.data(), text.size());
}

// Takes one length-prefixed string off the front of `in`; false when truncated.
bool TakeString(absl::string_view& in, absl::string_view& text) {
  if (in.size() < 4) return false;
  const uint64_t length = ReadUint(in, 4);
  in.remove_prefix(4);
  if (length > in.size()) return false;
  text = in.substr(0, length);
  in.remove_prefix(length);
  return true;
}

std::string FilterBytes(const PageFilter& filter) {
  std::string out;
  AppendString(out, filter.list);
  for (const std::string& part : filter.parts) AppendString(out, part);
  return out;
}

}  // namespace

std::string EncodePageToken(const PageFilter& filter, absl::string_view position) {
  std::string raw(1, kVersion);
  raw += FilterBytes(filter);
  AppendString(raw, position);
  return absl::WebSafeBase64Escape(raw);
}

absl::StatusOr<std::string> DecodePageToken(absl::string_view token, const PageFilter& filter) {
  if (token.empty()) return std::string();
  std::string raw;
  if (token.size() > kMaxTokenLength || !absl::WebSafeBase64Unescape(token, &raw) ||
      raw.empty() || raw[0] != kVersion) {
    return services::errors::InvalidPageToken("it is not a token this server issued");
  }
  absl::string_view rest(raw);
  rest.remove_prefix(1);
  const std::string expected = FilterBytes(filter);
  if (rest.substr(0, expected.size()) != expected) {
    return services::errors::InvalidPageToken("it was issued for a different list or filter");
  }
  rest.remove_prefix(expected.size());
  absl::string_view position;
  if (!TakeString(rest, position) || !rest.empty()) {
    return services::errors::InvalidPageToken("it is truncated or has trailing bytes");
  }
  return std::string(position);
}

std::string SequencePosition(uint64_t sequence) {
  std::string out;
  AppendUint(out, sequence, 8);
  return out;
}

absl::StatusOr<uint64_t> ParseSequencePosition(absl::string_view position) {
  if (position.empty()) return 0;
  if (position.size() != 8) {
    return services::errors::InvalidPageToken("its position is not a sequence");
  }
  return ReadUint(position, 8);
}

}  // namespace innoledger::ledger_service
