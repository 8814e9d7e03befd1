#include "services/vouchers/keys.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "storage/validate.h"

namespace innoledger::vouchers {

std::string VoucherId(absl::string_view city, int32_t fiscal_year, int64_t number) {
  return absl::StrFormat("%s-%04d-%06d", city, fiscal_year, number);
}

std::optional<ParsedVoucherId> ParseVoucherId(absl::string_view id) {
  // Cities have no '-', so the last two dashes split the id.
  size_t second = id.rfind('-');
  if (second == absl::string_view::npos || second == 0) return std::nullopt;
  size_t first = id.rfind('-', second - 1);
  if (first == absl::string_view::npos) return std::nullopt;
  ParsedVoucherId parsed{std::string(id.substr(0, first)), 0};
  absl::string_view year = id.substr(first + 1, second - first - 1);
  absl::string_view number = id.substr(second + 1);
  int64_t n = 0;
  if (year.size() != 4 || !absl::SimpleAtoi(year, &parsed.fiscal_year) || number.size() < 6 ||
      !absl::SimpleAtoi(number, &n) || n <= 0 || number[0] == '+' ||
      !storage::ValidateCity(parsed.city).ok()) {
    return std::nullopt;
  }
  if (VoucherId(parsed.city, parsed.fiscal_year, n) != id) return std::nullopt;  // canonical
  return parsed;
}

std::string ReservationId(absl::string_view voucher_id, uint64_t hold_sequence) {
  return absl::StrCat(voucher_id, "/", hold_sequence);
}

std::optional<ParsedReservationId> ParseReservationId(absl::string_view id) {
  size_t slash = id.rfind('/');
  if (slash == absl::string_view::npos) return std::nullopt;
  ParsedReservationId parsed;
  parsed.voucher_id = std::string(id.substr(0, slash));
  auto voucher = ParseVoucherId(parsed.voucher_id);
  if (!voucher || !absl::SimpleAtoi(id.substr(slash + 1), &parsed.hold_sequence) ||
      parsed.hold_sequence == 0 || ReservationId(parsed.voucher_id, parsed.hold_sequence) != id) {
    return std::nullopt;
  }
  parsed.voucher = *std::move(voucher);
  return parsed;
}

std::string VoucherKey(absl::string_view voucher_id) {
  return absl::StrCat("voucher/v/", voucher_id);
}
std::string VoucherPrefix(absl::string_view city, int32_t fiscal_year) {
  return absl::StrFormat("voucher/v/%s-%04d-", city, fiscal_year);
}
std::string CounterKey(int32_t fiscal_year) {
  return absl::StrCat("voucher/counter/", fiscal_year);
}
// Sequences are zero-padded so a voucher's reservations list in the order they were made.
std::string ReservationKey(absl::string_view voucher_id, uint64_t hold_sequence) {
  return absl::StrFormat("voucher/r/%s/%020d", voucher_id, hold_sequence);
}
std::string ReservationPrefix(absl::string_view voucher_id) {
  return absl::StrCat("voucher/r/", voucher_id, "/");
}
std::string HolderIndexPrefix(absl::string_view holder) {
  return absl::StrCat("voucher/by-holder/", holder, "/");
}
std::string HolderIndexKey(absl::string_view holder, absl::string_view voucher_id) {
  return absl::StrCat(HolderIndexPrefix(holder), voucher_id);
}
std::string ProviderIndexPrefix(absl::string_view provider) {
  return absl::StrCat("voucher/by-provider/", provider, "/");
}
std::string ProviderIndexKey(absl::string_view provider, absl::string_view voucher_id,
                             uint64_t hold_sequence) {
  return absl::StrFormat("%s%s/%020d", ProviderIndexPrefix(provider), voucher_id, hold_sequence);
}
std::string ContractKey(absl::string_view provider, absl::string_view contract_id) {
  return absl::StrCat("voucher/contract/", provider, "/", contract_id);
}
std::string InvoiceEvidence(absl::string_view invoice_number) {
  return absl::StrCat("invoice/", invoice_number);
}
std::string ContractEvidence(absl::string_view sha256_hex) {
  return absl::StrCat("contract/", sha256_hex);
}
std::string EvidenceKey(absl::string_view evidence) { return absl::StrCat("evidence/", evidence); }

std::string VoucherAccount(absl::string_view voucher_id) {
  return absl::StrCat("voucher/", voucher_id);
}
std::string ProviderPayable(absl::string_view provider) {
  return absl::StrCat("payable/provider/", provider);
}
std::string IntercityPayable(absl::string_view provider_city) {
  return absl::StrCat("intercity/payable/", provider_city);
}

std::string IssuedScope(absl::string_view holder) {
  return absl::StrCat("vouchers/issued/", holder);
}
std::string UsedScope(absl::string_view holder) { return absl::StrCat("vouchers/used/", holder); }
std::string ContractScope(absl::string_view provider, absl::string_view contract_id) {
  return absl::StrCat("vouchers/contract/", provider, "/", contract_id);
}

}  // namespace innoledger::vouchers
