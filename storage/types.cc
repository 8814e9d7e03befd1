#include "storage/types.h"

namespace innoledger::storage {

bool AccountMayGoNegative(AccountType type) {
  switch (type) {
    case AccountType::kBankClearing:
    case AccountType::kAppropriation:
    case AccountType::kIntercityReceivable:
    case AccountType::kIntercityPayable:
      return true;  // the outside world and net positions between cities
    default:
      return false;  // money we hold: 专款专用, never below zero
  }
}

const char* AccountTypeName(AccountType type) {
  switch (type) {
    case AccountType::kFund: return "fund";
    case AccountType::kVoucherLiability: return "voucher_liability";
    case AccountType::kProviderPayable: return "provider_payable";
    case AccountType::kBeneficiaryPayable: return "beneficiary_payable";
    case AccountType::kInvestment: return "investment";
    case AccountType::kIntercityReceivable: return "intercity_receivable";
    case AccountType::kIntercityPayable: return "intercity_payable";
    case AccountType::kBankClearing: return "bank_clearing";
    case AccountType::kAppropriation: return "appropriation";
  }
  return "unknown";
}

const char* EntryTypeName(EntryType type) {
  switch (type) {
    case EntryType::kPosted: return "posted";
    case EntryType::kPending: return "pending";
    case EntryType::kPostPending: return "post_pending";
    case EntryType::kVoidPending: return "void_pending";
    case EntryType::kExpirePending: return "expire_pending";
    case EntryType::kReversal: return "reversal";
  }
  return "unknown";
}

}  // namespace innoledger::storage
