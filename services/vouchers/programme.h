#ifndef INNOLEDGER_SERVICES_VOUCHERS_PROGRAMME_H_
#define INNOLEDGER_SERVICES_VOUCHERS_PROGRAMME_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "innoledger/v1/vouchers.pb.h"

namespace innoledger::vouchers {

// The voucher programmes of every city, one per city per fiscal year, as data
// (deploy/vouchers/<city>.textproto, text-format innoledger.v1.VoucherProgrammes).
class Programmes {
 public:
  // Loads and checks files. Every mistake is reported, one per line, as "FILE:LINE: reason"
  // in an INVALID_ARGUMENT / PROGRAMME_INVALID: syntax, unknown fields, a missing fund,
  // face values that are not positive and ascending or above the quota, a share outside
  // 1..10000 bp, no or unknown categories, a validity outside its fiscal year, a hold
  // timeout out of range, two programmes for one city and year.
  static absl::StatusOr<Programmes> Load(const std::vector<std::string>& paths);
  // The same for text in memory; `name` stands for the file in messages.
  static absl::StatusOr<Programmes> Parse(const std::string& text, const std::string& name);

  // NOT_FOUND / PROGRAMME_NOT_FOUND when the city has none for that year.
  absl::StatusOr<const v1::VoucherProgramme*> Find(absl::string_view city,
                                                   int32_t fiscal_year) const;
  std::vector<const v1::VoucherProgramme*> All() const;

 private:
  using Key = std::pair<std::string, int32_t>;  // (city, fiscal year)
  // `where` is "FILE:LINE", for the message when a second programme claims the key.
  absl::Status Add(const v1::VoucherProgramme& programme, std::string where);

  std::map<Key, v1::VoucherProgramme> programmes_;
  std::map<Key, std::string> where_;
};

// "changji-2026": names a programme in references, cap scopes and messages.
std::string ProgrammeId(const v1::VoucherProgramme& programme);
// The last day a voucher of the programme is valid (China time).
absl::CivilDay ValidUntil(const v1::VoucherProgramme& programme);
bool Offers(const v1::VoucherProgramme& programme, int64_t face_value_fen);
bool Covers(const v1::VoucherProgramme& programme, v1::ServiceCategory category);

}  // namespace innoledger::vouchers

#endif  // INNOLEDGER_SERVICES_VOUCHERS_PROGRAMME_H_
