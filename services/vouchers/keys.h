#ifndef INNOLEDGER_SERVICES_VOUCHERS_KEYS_H_
#define INNOLEDGER_SERVICES_VOUCHERS_KEYS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

// Names the voucher domain gives things in a city's partition (docs/vouchers.md lists
// them): identifiers, record keys, accounts and cap scopes. One place, so the commands,
// the dry run and the queries can never disagree.
namespace innoledger::vouchers {

// ---- Identifiers.
// "changji-2026-000017": the issuing city, the fiscal year, a number counted per city and
// year. The city is the one source of truth for the voucher.
std::string VoucherId(absl::string_view city, int32_t fiscal_year, int64_t number);
struct ParsedVoucherId {
  std::string city;
  int32_t fiscal_year = 0;
};
std::optional<ParsedVoucherId> ParseVoucherId(absl::string_view id);

// "<voucher id>/<hold sequence>": a reservation is its hold in the issuing city's journal.
std::string ReservationId(absl::string_view voucher_id, uint64_t hold_sequence);
struct ParsedReservationId {
  std::string voucher_id;
  ParsedVoucherId voucher;
  uint64_t hold_sequence = 0;
};
std::optional<ParsedReservationId> ParseReservationId(absl::string_view id);

// ---- Records (in the issuing city's partition unless said otherwise).
std::string VoucherKey(absl::string_view voucher_id);
std::string VoucherPrefix(absl::string_view city, int32_t fiscal_year);  // of one year's
std::string CounterKey(int32_t fiscal_year);
std::string ReservationKey(absl::string_view voucher_id, uint64_t hold_sequence);
std::string ReservationPrefix(absl::string_view voucher_id);
std::string HolderIndexPrefix(absl::string_view holder);
std::string HolderIndexKey(absl::string_view holder, absl::string_view voucher_id);
std::string ProviderIndexPrefix(absl::string_view provider);
std::string ProviderIndexKey(absl::string_view provider, absl::string_view voucher_id,
                             uint64_t hold_sequence);
std::string ContractKey(absl::string_view provider, absl::string_view contract_id);
// Evidence claims: in the issuing partition and, cross-city, the provider's home partition.
std::string InvoiceEvidence(absl::string_view invoice_number);  // "invoice/<number>"
std::string ContractEvidence(absl::string_view sha256_hex);     // "contract/<sha256>"
std::string EvidenceKey(absl::string_view evidence);            // the record key of either

// ---- Accounts.
std::string VoucherAccount(absl::string_view voucher_id);            // voucher liability
std::string ProviderPayable(absl::string_view provider);             // provider payable
std::string IntercityPayable(absl::string_view provider_city);       // owed to that city

// ---- Cap scopes.
std::string IssuedScope(absl::string_view holder);  // face value issued per fiscal year
std::string UsedScope(absl::string_view holder);    // value reserved/redeemed per fiscal year
std::string ContractScope(absl::string_view provider, absl::string_view contract_id);

}  // namespace innoledger::vouchers

#endif  // INNOLEDGER_SERVICES_VOUCHERS_KEYS_H_
