#ifndef INNOLEDGER_SERVICES_REGISTRY_TESTING_REGISTRY_FIXTURE_H_
#define INNOLEDGER_SERVICES_REGISTRY_TESTING_REGISTRY_FIXTURE_H_

#include <functional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/errors.h"
#include "services/registry/registry.h"
#include "common/uscc.h"
#include "storage/testing/ledger_test_base.h"

namespace innoledger::registry::testing {

// A valid USCC numbered `n`, with the administrative code of `city` (test data only): the
// one check character that common/uscc.h accepts.
inline std::string TestUscc(absl::string_view city, int n) {
  const char* division = city == "urumqi" ? "650100" : city == "changji" ? "652301" : "659001";
  const std::string first17 = absl::StrFormat("91%sMA%07d", division, n);
  for (char check : std::string("0123456789ABCDEFGHJKLMNPQRTUWXY")) {
    if (ValidateUscc(first17 + check).ok()) return first17 + check;
  }
  return "";
}

// The three-city ledger of storage's tests, a registry over it, and helpers that set up
// entities and check that a refusal left the whole database as it was.
class RegistryTestBase : public storage::testing::LedgerTestBase {
 protected:
  void SetUp() override {
    LedgerTestBase::SetUp();
    registry_ = std::make_unique<Registry>(*ledger_);
  }
  Caller NextCaller(std::string principal = "admin:zone:test") {
    return {std::move(principal), NextRequestId()};
  }

  v1::Entity MakeEntity(absl::string_view city, int n, v1::EntityKind kind) {
    v1::Entity entity;
    entity.set_uscc(TestUscc(city, n));
    entity.set_kind(kind);
    entity.set_home_city(std::string(city));
    entity.set_legal_name(absl::StrCat("测试单位 ", city, " ", n));
    entity.set_legal_representative(absl::StrCat("rep-", city, "-", n));
    entity.set_sme(kind == v1::ENTITY_KIND_ENTERPRISE);
    return entity;
  }
  std::string AddEntity(absl::string_view city, int n, v1::EntityKind kind) {
    auto entity = registry_->Register(NextCaller(), MakeEntity(city, n, kind));
    EXPECT_TRUE(entity.ok()) << entity.status();
    return TestUscc(city, n);
  }
  void Admit(const std::string& provider, v1::ServiceCategory category, absl::string_view city,
             std::string from = "2026-01-01", std::string to = "2026-12-31") {
    v1::ProviderRegistration registration;
    registration.set_provider(provider);
    registration.set_category(category);
    registration.set_city(std::string(city));
    registration.set_valid_from(from);
    registration.set_valid_to(to);
    auto entity = registry_->RegisterProvider(NextCaller(), registration);
    EXPECT_TRUE(entity.ok()) << entity.status();
  }

  // Runs `act`, expects it to fail with `code` and `reason`, and the database unchanged.
  void ExpectRefused(const std::function<absl::Status()>& act, absl::StatusCode code,
                     const std::string& reason) {
    storage::testing::RawDump before = storage::testing::DumpDatabase(dir_.path());
    absl::Status status = act();
    EXPECT_EQ(status.code(), code) << status;
    EXPECT_EQ(ErrorReason(status), reason) << status;
    EXPECT_FALSE(status.message().empty());
    EXPECT_TRUE(storage::testing::DumpDatabase(dir_.path()) == before)
        << "refusing (" << reason << ") changed the database";
  }

  std::unique_ptr<Registry> registry_;
};

}  // namespace innoledger::registry::testing

#endif  // INNOLEDGER_SERVICES_REGISTRY_TESTING_REGISTRY_FIXTURE_H_
