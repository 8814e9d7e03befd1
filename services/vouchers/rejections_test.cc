// Every refusal of the voucher lifecycle, as a table: each case arranges what it needs,
// then the refused call must give its code and reason and leave the whole database —
// every city, every column family — byte for byte as it was.
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "common/errors.h"
#include "gtest/gtest.h"
#include "services/vouchers/keys.h"
#include "services/vouchers/limits.h"
#include "services/vouchers/testing/voucher_fixture.h"

namespace innoledger::vouchers {
namespace {

using ::absl::StatusCode;
using testing::kWan;
using Act = std::function<absl::Status()>;

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr char kBadUscc[] = "91652301MA78K3L4MS";  // check character should be R

struct Rejection {
  std::string name;
  std::function<Act()> arrange;  // sets up the case; returns the call to refuse
  StatusCode code;
  std::string reason;
  std::function<void()> cleanup = [] {};
};

class RejectionsTest : public testing::VoucherTestBase {
 protected:
  // A fresh holder and provider of Changji and a ¥20k voucher.
  struct Parties {
    std::string holder;
    std::string provider;
    v1::Voucher voucher;
  };
  Parties Fresh(const std::string& city = "changji") {
    Parties parties{Enterprise(city, ++n_), Provider(city, ++n_), {}};
    parties.voucher = Issue(city, parties.holder, 2 * kWan);
    return parties;
  }
  Act ReserveAct(ReserveRequest request) {
    return [this, request] { return vouchers_->Reserve(AsProvider(request.provider), request).status(); };
  }
  Act IssueAct(std::string city, std::string holder, int64_t face_fen, int32_t year = 2026) {
    return [=, this] { return vouchers_->Issue(Bureau(city), {city, year, holder, face_fen}).status(); };
  }
  Act RedeemAct(const v1::Reservation& reservation, const v1::Evidence& evidence,
                std::string provider = "") {
    if (provider.empty()) provider = reservation.provider();
    return [=, this] {
      return vouchers_->Redeem(AsProvider(provider), {reservation.id(), provider, evidence}).status();
    };
  }
  // A reservation of ¥5k against a fresh voucher, for the redemption cases.
  v1::Reservation Held(const std::string& city = "changji", const std::string& provider = "") {
    Parties parties = Fresh(city);
    return Reserve(Reservation(parties.voucher.id(), provider.empty() ? parties.provider : provider,
                               kWan / 2));
  }
  std::string Registered(v1::Entity entity) {
    auto registered = registry_->Register(NextCaller(), entity);
    EXPECT_TRUE(registered.ok()) << registered.status();
    return entity.uscc();
  }
  void Run(const std::vector<Rejection>& cases) {
    for (const Rejection& rejection : cases) {
      SCOPED_TRACE(rejection.name);
      Act act = rejection.arrange();
      ExpectRefused(act, rejection.code, rejection.reason);
      rejection.cleanup();
    }
  }

  int n_ = 100;
};

TEST_F(RejectionsTest, MalformedRequests) {
  Parties p = Fresh();
  Run({
      {"bad USCC of a holder", [&] { return IssueAct("changji", kBadUscc, kWan); },
       StatusCode::kInvalidArgument, "INVALID_USCC"},
      {"bad USCC of a provider",
       [&] { return ReserveAct(Reservation(p.voucher.id(), kBadUscc, kWan)); },
       StatusCode::kInvalidArgument, "INVALID_USCC"},
      {"negative face value", [&] { return IssueAct("changji", p.holder, -kWan); },
       StatusCode::kInvalidArgument, "INVALID_AMOUNT"},
      {"overflowing face value", [&] { return IssueAct("changji", p.holder, kMax); },
       StatusCode::kInvalidArgument, "AMOUNT_TOO_LARGE"},
      {"face value not offered", [&] { return IssueAct("changji", p.holder, 12345); },
       StatusCode::kInvalidArgument, "FACE_VALUE_NOT_OFFERED"},
      {"negative reservation",
       [&] { return ReserveAct(Reservation(p.voucher.id(), p.provider, -1)); },
       StatusCode::kInvalidArgument, "INVALID_AMOUNT"},
      {"zero reservation", [&] { return ReserveAct(Reservation(p.voucher.id(), p.provider, 0)); },
       StatusCode::kInvalidArgument, "INVALID_AMOUNT"},
      {"zero contract",
       [&] { return ReserveAct(Reservation(p.voucher.id(), p.provider, kWan, 0)); },
       StatusCode::kInvalidArgument, "INVALID_AMOUNT"},
      {"overflowing contract",
       [&] { return ReserveAct(Reservation(p.voucher.id(), p.provider, kWan, kMax)); },
       StatusCode::kInvalidArgument, "AMOUNT_TOO_LARGE"},
      {"overflowing reservation",
       [&] { return ReserveAct(Reservation(p.voucher.id(), p.provider, kMax, kMax)); },
       StatusCode::kInvalidArgument, "AMOUNT_TOO_LARGE"},
      {"negative invoice", [&] { return RedeemAct(Held(), MakeEvidence(1, kMin)); },
       StatusCode::kInvalidArgument, "INVALID_AMOUNT"},
      {"overflowing invoice", [&] { return RedeemAct(Held(), MakeEvidence(1, kMax)); },
       StatusCode::kInvalidArgument, "AMOUNT_TOO_LARGE"},
      {"contract hash not hex",
       [&] {
         v1::Evidence evidence = MakeEvidence(1);
         evidence.set_contract_sha256("xyz");
         return RedeemAct(Held(), evidence);
       },
       StatusCode::kInvalidArgument, "INVALID_REQUEST"},
      {"no such reservation id",
       [&] { return RedeemAct(v1::Reservation(), MakeEvidence(1), p.provider); },
       StatusCode::kInvalidArgument, "INVALID_REQUEST"},
      {"revoked without a reason",
       [&]() -> Act {
         return [&] { return vouchers_->Revoke(Bureau("changji"), p.voucher.id(), "").status(); };
       },
       StatusCode::kInvalidArgument, "INVALID_REQUEST"},
      {"no programme that year", [&] { return IssueAct("changji", p.holder, kWan, 2025); },
       StatusCode::kNotFound, "PROGRAMME_NOT_FOUND"},
      {"unknown voucher",
       [&] { return ReserveAct(Reservation("changji-2026-999999", p.provider, kWan)); },
       StatusCode::kNotFound, "VOUCHER_NOT_FOUND"},
  });
}

TEST_F(RejectionsTest, IssuingRules) {
  Run({
      {"holder not an S&T SME",
       [&] {
         v1::Entity entity = MakeEntity("changji", ++n_, v1::ENTITY_KIND_ENTERPRISE);
         entity.set_sme(false);
         return IssueAct("changji", Registered(entity), kWan);
       },
       StatusCode::kFailedPrecondition, "HOLDER_NOT_ELIGIBLE"},
      {"holder is a provider", [&] { return IssueAct("changji", Provider("changji", ++n_), kWan); },
       StatusCode::kFailedPrecondition, "HOLDER_NOT_ELIGIBLE"},
      {"holder of another city", [&] { return IssueAct("changji", Enterprise("urumqi", ++n_), kWan); },
       StatusCode::kFailedPrecondition, "HOLDER_NOT_ELIGIBLE"},
      {"holder not registered",
       [&] { return IssueAct("changji", registry::testing::TestUscc("changji", 998), kWan); },
       StatusCode::kNotFound, "ENTITY_NOT_FOUND"},
      {"bad record",
       [&] {
         std::string holder = Enterprise("changji", ++n_);
         EXPECT_TRUE(registry_->SetBadRecord(NextCaller(), holder, "骗补 (subsidy fraud)").ok());
         return IssueAct("changji", holder, kWan);
       },
       StatusCode::kFailedPrecondition, "BAD_RECORD"},
      {"over the yearly quota",
       [&] {
         std::string holder = Enterprise("changji", ++n_);
         Issue("changji", holder, 5 * kWan);
         Issue("changji", holder, 5 * kWan);
         return IssueAct("changji", holder, kWan / 2);
       },
       StatusCode::kFailedPrecondition, "YEARLY_QUOTA_EXCEEDED"},
      {"fund empty",
       [&] {
         const int64_t all = Balance("urumqi", "fund/vouchers");
         EXPECT_TRUE(ledger_->SubmitAndWait(storage::testing::MakeWrite(
             "urumqi", NextRequestId(), storage::MakeTransactCommand(storage::testing::Transfer(
                                            "fund/vouchers", "appropriation", all - kWan / 2))))
                         .ok());
         return IssueAct("urumqi", Enterprise("urumqi", ++n_), kWan);
       },
       StatusCode::kFailedPrecondition, "FUND_INSUFFICIENT",
       [&] {
         ASSERT_TRUE(ledger_->SubmitAndWait(storage::testing::MakeWrite(
             "urumqi", NextRequestId(), storage::MakeTransactCommand(storage::testing::Transfer(
                                            "appropriation", "fund/vouchers", 50 * kWan))))
                         .ok());
       }},
  });
}

TEST_F(RejectionsTest, ReservationRules) {
  Run({
      {"unregistered provider",
       [&] {
         Parties p = Fresh();
         return ReserveAct(Reservation(p.voucher.id(), registry::testing::TestUscc("urumqi", 999), kWan));
       },
       StatusCode::kFailedPrecondition, "PROVIDER_NOT_REGISTERED"},
      {"an enterprise as provider",
       [&] {
         Parties p = Fresh();
         return ReserveAct(Reservation(p.voucher.id(), Enterprise("urumqi", ++n_), kWan));
       },
       StatusCode::kFailedPrecondition, "PROVIDER_NOT_REGISTERED"},
      {"provider not admitted for the category",
       [&] {
         Parties p = Fresh();
         std::string provider = AddEntity("changji", ++n_, v1::ENTITY_KIND_PROVIDER);
         Admit(provider, v1::SERVICE_CATEGORY_CONSULTING, "changji");
         return ReserveAct(Reservation(p.voucher.id(), provider, kWan));  // testing
       },
       StatusCode::kFailedPrecondition, "PROVIDER_NOT_REGISTERED"},
      {"provider's admission lapsed",
       [&] {
         Parties p = Fresh();
         std::string provider = AddEntity("changji", ++n_, v1::ENTITY_KIND_PROVIDER);
         Admit(provider, v1::SERVICE_CATEGORY_TESTING, "urumqi", "2026-01-01", "2026-02-28");
         return ReserveAct(Reservation(p.voucher.id(), provider, kWan));
       },
       StatusCode::kFailedPrecondition, "PROVIDER_NOT_REGISTERED"},
      {"category the programme does not pay",
       [&] {
         Parties p = Fresh("shihezi");
         ReserveRequest request = Reservation(p.voucher.id(), p.provider, kWan);
         request.category = v1::SERVICE_CATEGORY_CONSULTING;
         return ReserveAct(request);
       },
       StatusCode::kFailedPrecondition, "CATEGORY_NOT_COVERED"},
      {"over the contract share",
       [&] {
         Parties p = Fresh();
         return ReserveAct(Reservation(p.voucher.id(), p.provider, 6 * kWan / 10, kWan));
       },
       StatusCode::kFailedPrecondition, "OVER_CONTRACT_SHARE"},
      {"over the share in two reservations",
       [&] {
         Parties p = Fresh();
         ReserveRequest first = Reservation(p.voucher.id(), p.provider, 4 * kWan / 10, kWan);
         Reserve(first);
         first.amount_fen = 2 * kWan / 10;
         return ReserveAct(first);
       },
       StatusCode::kFailedPrecondition, "OVER_CONTRACT_SHARE"},
      {"contract restated larger",
       [&] {
         Parties p = Fresh();
         ReserveRequest first = Reservation(p.voucher.id(), p.provider, 4 * kWan / 10, kWan);
         Reserve(first);
         first.contract_amount_fen = 10 * kWan;
         return ReserveAct(first);
       },
       StatusCode::kFailedPrecondition, "CONTRACT_AMOUNT_MISMATCH"},
      {"over the claim maximum",
       [&] {
         std::string holder = Enterprise("changji", ++n_);
         v1::Voucher voucher = Issue("changji", holder, 5 * kWan);
         return ReserveAct(Reservation(voucher.id(), Provider("changji", ++n_), 25 * kWan / 10));
       },
       StatusCode::kFailedPrecondition, "OVER_CLAIM_MAXIMUM"},
      {"over the remaining value",
       [&] {
         std::string holder = Enterprise("changji", ++n_);
         v1::Voucher voucher = Issue("changji", holder, kWan / 2);
         return ReserveAct(Reservation(voucher.id(), Provider("changji", ++n_), 6 * kWan / 10));
       },
       StatusCode::kFailedPrecondition, "OVER_REMAINING_VALUE"},
      {"holder flagged after issue",
       [&] {
         Parties p = Fresh();
         EXPECT_TRUE(registry_->SetBadRecord(NextCaller(), p.holder, "late report").ok());
         return ReserveAct(Reservation(p.voucher.id(), p.provider, kWan));
       },
       StatusCode::kFailedPrecondition, "BAD_RECORD"},
      {"provider with a bad record",
       [&] {
         Parties p = Fresh();
         EXPECT_TRUE(registry_->SetBadRecord(NextCaller(), p.provider, "fake tests").ok());
         return ReserveAct(Reservation(p.voucher.id(), p.provider, kWan));
       },
       StatusCode::kFailedPrecondition, "BAD_RECORD"},
      {"related parties: one representative",
       [&] {
         Parties p = Fresh();
         v1::Entity provider = MakeEntity("urumqi", ++n_, v1::ENTITY_KIND_PROVIDER);
         provider.set_legal_representative(registry_->Find(p.holder)->legal_representative());
         Registered(provider);
         Admit(provider.uscc(), v1::SERVICE_CATEGORY_TESTING, "urumqi");
         return ReserveAct(Reservation(p.voucher.id(), provider.uscc(), kWan));
       },
       StatusCode::kFailedPrecondition, "RELATED_PARTIES"},
      {"related parties: the holder holds the provider",
       [&] {
         std::string provider = Provider("shihezi", ++n_);
         v1::Entity holder = MakeEntity("changji", ++n_, v1::ENTITY_KIND_ENTERPRISE);
         holder.add_holds(provider);
         v1::Voucher voucher = Issue("changji", Registered(holder), kWan);
         return ReserveAct(Reservation(voucher.id(), provider, kWan / 2));
       },
       StatusCode::kFailedPrecondition, "RELATED_PARTIES"},
      {"revoked voucher",
       [&] {
         Parties p = Fresh();
         EXPECT_TRUE(vouchers_->Revoke(Bureau("changji"), p.voucher.id(), "fraud").ok());
         return ReserveAct(Reservation(p.voucher.id(), p.provider, kWan));
       },
       StatusCode::kFailedPrecondition, "VOUCHER_REVOKED"},
      {"too many open reservations",
       [&] {
         Parties p = Fresh();
         for (int i = 0; i < kMaxOpenReservations; ++i) {
           Reserve(Reservation(p.voucher.id(), p.provider, 100));
         }
         return ReserveAct(Reservation(p.voucher.id(), p.provider, 100));
       },
       StatusCode::kFailedPrecondition, "TOO_MANY_OPEN_RESERVATIONS"},
      {"expired voucher still active too early to expire",
       [&]() -> Act {
         Parties p = Fresh();
         return [this, p] { return vouchers_->Expire(Bureau("changji"), p.voucher.id()).status(); };
       },
       StatusCode::kFailedPrecondition, "VOUCHER_STILL_VALID"},
  });
}

TEST_F(RejectionsTest, RedemptionRules) {
  Run({
      {"double redeem",
       [&] {
         v1::Reservation held = Held();
         Redeem(held, MakeEvidence(++n_));
         return RedeemAct(held, MakeEvidence(++n_));
       },
       StatusCode::kFailedPrecondition, "ALREADY_REDEEMED"},
      {"double redeem across cities",
       [&] {
         v1::Reservation held = Held("changji", Provider("urumqi", ++n_));
         v1::Evidence evidence = MakeEvidence(++n_);
         Redeem(held, evidence);
         return RedeemAct(held, evidence);
       },
       StatusCode::kFailedPrecondition, "ALREADY_REDEEMED"},
      {"the same invoice twice in one city",
       [&] {
         v1::Evidence evidence = MakeEvidence(++n_);
         Redeem(Held(), evidence);
         return RedeemAct(Held(), evidence);
       },
       StatusCode::kFailedPrecondition, "EVIDENCE_ALREADY_USED"},
      {"the same invoice in another city",
       [&] {
         const std::string provider = Provider("urumqi", ++n_);
         v1::Evidence evidence = MakeEvidence(++n_);
         Redeem(Held("changji", provider), evidence);
         return RedeemAct(Held("shihezi", provider), evidence);
       },
       StatusCode::kFailedPrecondition, "EVIDENCE_ALREADY_USED"},
      {"the same contract with another invoice",
       [&] {
         v1::Evidence evidence = MakeEvidence(++n_);
         Redeem(Held(), evidence);
         evidence.set_invoice_number("99999999999999999999");
         return RedeemAct(Held(), evidence);
       },
       StatusCode::kFailedPrecondition, "EVIDENCE_ALREADY_USED"},
      {"released reservation",
       [&] {
         v1::Reservation held = Held();
         EXPECT_TRUE(vouchers_->Release(Bureau("changji"), {held.id(), "", "withdrawn"}).ok());
         return RedeemAct(held, MakeEvidence(++n_));
       },
       StatusCode::kFailedPrecondition, "RESERVATION_RELEASED"},
      {"revoked after reserving",
       [&] {
         v1::Reservation held = Held();
         EXPECT_TRUE(vouchers_->Revoke(Bureau("changji"), held.voucher_id(), "fraud").ok());
         return RedeemAct(held, MakeEvidence(++n_));
       },
       StatusCode::kFailedPrecondition, "VOUCHER_REVOKED"},
      {"related parties since reserving",
       [&] {
         v1::Reservation held = Held();
         v1::Entity provider = *registry_->Find(held.provider());
         provider.add_holds(*reader_->Get(held.voucher_id()).value().voucher.mutable_holder());
         EXPECT_TRUE(registry_->Update(NextCaller(), provider).ok());
         return RedeemAct(held, MakeEvidence(++n_));
       },
       StatusCode::kFailedPrecondition, "RELATED_PARTIES"},
      {"invoice too small for the amount",
       [&] { return RedeemAct(Held(), MakeEvidence(++n_, kWan / 2)); },  // 50% of ¥5k < ¥5k
       StatusCode::kFailedPrecondition, "INVOICE_TOO_SMALL"},
      {"another provider's reservation",
       [&] {
         std::string other = Provider("changji", ++n_);
         return RedeemAct(Held(), MakeEvidence(++n_), other);
       },
       StatusCode::kPermissionDenied, "NOT_RESERVATION_PROVIDER"},
      {"hold expired",
       [&] {
         Parties p = Fresh();
         ReserveRequest request = Reservation(p.voucher.id(), p.provider, kWan / 2);
         request.hold_timeout = absl::Seconds(60);
         v1::Reservation held = Reserve(request);
         clock_.Advance(absl::Seconds(61));
         AwaitExpired("changji", held.hold_sequence());
         return RedeemAct(held, MakeEvidence(++n_));
       },
       StatusCode::kFailedPrecondition, "RESERVATION_EXPIRED"},
  });
}

TEST_F(RejectionsTest, AfterTheFiscalYear) {
  Parties p = Fresh();
  AdvanceTo(absl::CivilDay(2027, 1, 2));
  Run({
      {"expired voucher", [&] { return ReserveAct(Reservation(p.voucher.id(), p.provider, kWan)); },
       StatusCode::kFailedPrecondition, "VOUCHER_EXPIRED"},
      {"programme closed", [&] { return IssueAct("changji", p.holder, kWan); },
       StatusCode::kFailedPrecondition, "PROGRAMME_NOT_OPEN"},
  });
}

}  // namespace
}  // namespace innoledger::vouchers
