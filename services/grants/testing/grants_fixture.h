#ifndef INNOLEDGER_SERVICES_GRANTS_TESTING_GRANTS_FIXTURE_H_
#define INNOLEDGER_SERVICES_GRANTS_TESTING_GRANTS_FIXTURE_H_

#include <cstdlib>
#include <string>

#include "common/china_time.h"
#include "services/grants/application.h"
#include "services/grants/catalogue.h"
#include "services/grants/queries.h"
#include "services/grants/testing/in_memory_entity_facts.h"
#include "storage/testing/ledger_test_base.h"

namespace innoledger::grants::testing {

inline constexpr int64_t W = 1'000'000;  // fen per 万元
// Valid unified social credit codes (GB 32100-2015 check characters).
inline constexpr char kEntity[] = "91652301MA78XXXX12";
inline constexpr char kEntity2[] = "91652301MA78AAAA03";
inline constexpr char kEntity3[] = "91652301MA78BBBB0Q";
inline constexpr char kEntity4[] = "91652301MA78CCCC0E";
inline constexpr char kEntity5[] = "91652301MA78EEEE0R";

inline std::string SourcePath(const std::string& relative) {
  const char* dir = std::getenv("INNOLEDGER_SOURCE_DIR");
  return std::string(dir != nullptr ? dir : ".") + "/" + relative;
}

inline v1::Catalogue LoadOrDie(const std::string& relative) {
  auto catalogue = LoadCatalogue(SourcePath(relative));
  EXPECT_TRUE(catalogue.ok()) << catalogue.status();
  return catalogue.ok() ? *catalogue : v1::Catalogue();
}

// A real ledger in a temp dir with the Changji catalogue, its funds appropriated, a registry
// stand-in, and the sequencer's clock at 2025-06-01 10:00 China time.
class GrantsTest : public storage::testing::LedgerTestBase {
 protected:
  void SetUp() override {
    SetChinaTime(absl::CivilSecond(2025, 6, 1, 10, 0, 0));
    LedgerTestBase::SetUp();
    catalogue_ = LoadOrDie("deploy/policies/changji-2020.textproto");
    OpenFunds({"fund:grants", "fund:innovation"}, 100'000 * W);
  }

  // Moves the sequencer's clock (forward only once batches ran: the ledger keeps time
  // monotonic).
  void SetChinaTime(absl::CivilSecond when) {
    clock_.Advance(absl::FromCivil(when, ChinaTimeZone()) - clock_.Now());
  }

  void OpenFunds(std::vector<std::string> funds, int64_t each_fen) {
    storage::TransactionRequest open;
    open.kind = "test.open";
    if (!ledger_->GetAccount(kCity, "appropriation")->has_value()) {
      open.open_accounts = {{"appropriation", storage::AccountType::kAppropriation}};
    }
    open.postings = {{"appropriation", -each_fen * static_cast<int64_t>(funds.size())}};
    for (const std::string& fund : funds) {
      open.open_accounts.push_back({fund, storage::AccountType::kFund});
      open.postings.push_back({fund, each_fen});
    }
    ASSERT_TRUE(Transact(open).ok());
  }

  const v1::Policy& Policy(const std::string& id, absl::CivilDay day = absl::CivilDay(2025, 6, 1)) {
    auto policy = PolicyInForce(catalogue_, id, day);
    EXPECT_TRUE(policy.ok()) << policy.status();
    return policy.ok() ? **policy : v1::Policy::default_instance();
  }

  static Application App(const std::string& award_id, const std::string& entity,
                         const std::string& item, Facts facts,
                         std::optional<absl::CivilDay> day = absl::CivilDay(2025, 6, 1)) {
    return {award_id, entity, item, std::move(facts), day};
  }

  // Submits a command whose outcome is an award record.
  absl::StatusOr<v1::AwardRecord> Run(std::unique_ptr<storage::Command> command) {
    auto outcome = Submit(std::move(command));
    if (!outcome.ok()) return outcome.status();
    v1::AwardRecord award;
    EXPECT_TRUE(award.ParseFromString(outcome->body));
    return award;
  }

  v1::AwardRecord Award(const std::string& award_id) {
    auto award = GrantsReader(*ledger_).Get(kCity, award_id);
    EXPECT_TRUE(award.ok()) << award.status();
    return award.ok() ? *award : v1::AwardRecord();
  }

  int64_t Balance(const std::string& account) {
    auto state = ledger_->GetAccount(kCity, account);
    return state.ok() && state->has_value() ? (*state)->posted_fen : 0;
  }

  v1::Catalogue catalogue_;
  InMemoryEntityFacts registry_;
};

}  // namespace innoledger::grants::testing

#endif  // INNOLEDGER_SERVICES_GRANTS_TESTING_GRANTS_FIXTURE_H_
