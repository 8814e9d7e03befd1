#include "storage/validate.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "common/money.h"
#include "common/status_macros.h"
#include "storage/errors.h"
#include "storage/limits.h"

namespace innoledger::storage {

absl::Status ValidateCity(absl::string_view city) {
  bool ok = !city.empty() && city.size() <= kMaxCityLength && city[0] >= 'a' && city[0] <= 'z';
  for (char c : city) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  }
  if (ok) return absl::OkStatus();
  return errors::InvalidRequest(
      absl::StrCat("city '", city, "' must match [a-z][a-z0-9_]{0,31}"));
}

absl::Status ValidateText(absl::string_view what, absl::string_view text, size_t max_length) {
  if (text.size() > max_length) {
    return errors::InvalidRequest(
        absl::StrCat(what, " is ", text.size(), " bytes; at most ", max_length, " allowed"));
  }
  if (text.find('\0') != absl::string_view::npos) {
    return errors::InvalidRequest(absl::StrCat(what, " contains a NUL byte"));
  }
  return absl::OkStatus();
}

absl::Status ValidateId(absl::string_view what, absl::string_view id, size_t max_length) {
  if (id.empty()) return errors::InvalidRequest(absl::StrCat(what, " is required"));
  RETURN_IF_ERROR(ValidateText(what, id, max_length));
  for (unsigned char c : id) {
    if (c < 0x20 || c == 0x7f) {
      return errors::InvalidRequest(absl::StrCat(what, " contains a control character"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidatePostings(const std::vector<Posting>& postings) {
  if (postings.size() > kMaxPostings) {
    return errors::InvalidRequest(absl::StrCat(postings.size(), " postings; at most ",
                                               kMaxPostings, " per transaction"));
  }
  std::set<absl::string_view> accounts;
  int64_t sum_fen = 0;
  for (const Posting& posting : postings) {
    RETURN_IF_ERROR(ValidateId("posting account", posting.account, kMaxIdLength));
    if (posting.amount_fen == 0) {
      return errors::InvalidRequest(
          absl::StrCat("posting to '", posting.account, "' has a zero amount"));
    }
    if (!accounts.insert(posting.account).second) {
      return errors::InvalidRequest(
          absl::StrCat("account '", posting.account, "' is posted twice; merge the postings"));
    }
    auto sum = CheckedAddFen(sum_fen, posting.amount_fen);
    if (!sum) return errors::AmountOverflow("the sum of postings");
    sum_fen = *sum;
  }
  if (sum_fen != 0) return errors::Unbalanced(sum_fen);
  return absl::OkStatus();
}

namespace {

absl::Status ValidateCaps(const std::vector<CapUse>& caps) {
  if (caps.size() > kMaxCaps) {
    return errors::InvalidRequest(absl::StrCat("at most ", kMaxCaps, " caps per transaction"));
  }
  std::set<std::pair<absl::string_view, bool>> scopes;
  for (const CapUse& cap : caps) {
    RETURN_IF_ERROR(ValidateId("cap scope", cap.scope, kMaxIdLength));
    if (cap.amount_fen <= 0 || cap.limit_fen < 0) {
      return errors::InvalidRequest(absl::StrCat(
          "cap '", cap.scope, "' needs a positive amount and a non-negative limit"));
    }
    if (!scopes.insert({cap.scope, cap.lifetime}).second) {
      return errors::InvalidRequest(absl::StrCat("cap '", cap.scope, "' is named twice"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateOpenAccounts(const std::vector<NewAccount>& accounts) {
  if (accounts.size() > kMaxOpenAccounts) {
    return errors::InvalidRequest(
        absl::StrCat("at most ", kMaxOpenAccounts, " accounts opened per transaction"));
  }
  std::set<absl::string_view> ids;
  for (const NewAccount& account : accounts) {
    RETURN_IF_ERROR(ValidateId("account id", account.id, kMaxIdLength));
    auto type = static_cast<uint8_t>(account.type);
    if (type == 0 || type > kMaxAccountType) {
      return errors::InvalidRequest(absl::StrCat("account '", account.id, "' has no valid type"));
    }
    if (!ids.insert(account.id).second) {
      return errors::InvalidRequest(absl::StrCat("account '", account.id, "' opened twice"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateReferences(const std::vector<Reference>& references) {
  if (references.size() > kMaxReferences) {
    return errors::InvalidRequest(
        absl::StrCat("at most ", kMaxReferences, " references per transaction"));
  }
  for (const Reference& reference : references) {
    RETURN_IF_ERROR(ValidateId("reference key", reference.key, kMaxReferenceLength));
    RETURN_IF_ERROR(ValidateId("reference value", reference.value, kMaxReferenceLength));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateRequest(const TransactionRequest& request) {
  RETURN_IF_ERROR(ValidateId("kind", request.kind, kMaxKindLength));
  RETURN_IF_ERROR(ValidateOpenAccounts(request.open_accounts));
  RETURN_IF_ERROR(ValidatePostings(request.postings));
  RETURN_IF_ERROR(ValidateReferences(request.references));
  RETURN_IF_ERROR(ValidateCaps(request.caps));
  RETURN_IF_ERROR(ValidateText("policy version", request.policy_version, kMaxIdLength));
  RETURN_IF_ERROR(ValidateText("memo", request.memo, kMaxMemoLength));
  if (request.value_date &&
      (request.value_date->year() < kMinYear || request.value_date->year() > kMaxYear)) {
    return errors::InvalidRequest(absl::StrCat("value date year must be within ", kMinYear,
                                               "..", kMaxYear));
  }
  if (request.hold_timeout != absl::ZeroDuration() &&
      (request.hold_timeout < kMinHoldTimeout || request.hold_timeout > absl::Hours(24 * 366))) {
    return errors::InvalidRequest("hold timeout must be 0 (never) or 1 second to 366 days");
  }
  if (request.hold_timeout != absl::ZeroDuration() && !request.pending) {
    return errors::InvalidRequest("a hold timeout needs a pending transaction");
  }
  if (request.pending && request.postings.empty()) {
    return errors::InvalidRequest("a pending transaction must reserve postings");
  }
  if (request.postings.empty() && request.open_accounts.empty() && !request.caps.empty()) {
    return errors::InvalidRequest("caps are consumed by postings; this request has none");
  }
  return absl::OkStatus();
}

}  // namespace innoledger::storage
