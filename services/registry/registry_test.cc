// The registry over a real three-city ledger: where entities live, what every change
// journals, and that refusals change nothing.
#include "services/registry/registry.h"

#include "services/registry/entity.h"
#include "services/registry/testing/registry_fixture.h"

namespace innoledger::registry {
namespace {

using ::absl::StatusCode;
using testing::TestUscc;

class RegistryTest : public testing::RegistryTestBase {};

TEST_F(RegistryTest, AnEntityLivesInItsHomeCityAndEveryChangeIsJournaled) {
  v1::Entity entity = MakeEntity("shihezi", 1, v1::ENTITY_KIND_ENTERPRISE);
  auto registered = registry_->Register(NextCaller(), entity);
  ASSERT_TRUE(registered.ok()) << registered.status();
  EXPECT_EQ(registered->registered_at_us(), absl::ToUnixMicros(clock_.Now()));

  auto found = registry_->Find(entity.uscc());
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->legal_name(), entity.legal_name());
  EXPECT_TRUE(ledger_->GetRecord("shihezi", EntityKey(entity.uscc()))->has_value());
  EXPECT_FALSE(ledger_->GetRecord("changji", EntityKey(entity.uscc()))->has_value());

  auto head = ledger_->GetHead("shihezi");
  ASSERT_EQ(head->sequence, 1u);
  auto journal = *ledger_->GetEntry("shihezi", 1);
  EXPECT_EQ(journal->kind, "registry.entity.register");
  EXPECT_TRUE(journal->postings.empty());
  ASSERT_EQ(journal->references.size(), 2u);
  EXPECT_EQ(journal->references[0], (storage::Reference{"entity", entity.uscc()}));
  EXPECT_EQ(journal->references[1].key, "record_sha256");
  EXPECT_EQ(journal->references[1].value.size(), 64u);
}

TEST_F(RegistryTest, ACodeIsRegisteredOnceAcrossTheZone) {
  AddEntity("urumqi", 1, v1::ENTITY_KIND_PROVIDER);
  v1::Entity again = MakeEntity("urumqi", 1, v1::ENTITY_KIND_PROVIDER);
  again.set_home_city("changji");
  ExpectRefused([&] { return registry_->Register(NextCaller(), again).status(); },
                StatusCode::kAlreadyExists, "ENTITY_EXISTS");
  again.set_home_city("urumqi");
  ExpectRefused([&] { return registry_->Register(NextCaller(), again).status(); },
                StatusCode::kAlreadyExists, "ENTITY_EXISTS");
}

TEST_F(RegistryTest, RefusesMalformedEntities) {
  struct Case {
    std::function<void(v1::Entity&)> spoil;
    StatusCode code;
    std::string reason;
  };
  const Case kCases[] = {
      {[](v1::Entity& e) { e.set_uscc("91652301MA78K3L4MS"); }, StatusCode::kInvalidArgument,
       "INVALID_USCC"},
      {[](v1::Entity& e) { e.set_kind(v1::ENTITY_KIND_UNSPECIFIED); },
       StatusCode::kInvalidArgument, "INVALID_REQUEST"},
      {[](v1::Entity& e) { e.set_legal_name(""); }, StatusCode::kInvalidArgument,
       "INVALID_REQUEST"},
      {[](v1::Entity& e) { e.add_holds(e.uscc()); }, StatusCode::kInvalidArgument,
       "INVALID_REQUEST"},
      {[](v1::Entity& e) { e.add_holds("not a code"); }, StatusCode::kInvalidArgument,
       "INVALID_USCC"},
      {[](v1::Entity& e) { e.set_home_city("lanzhou"); }, StatusCode::kNotFound,
       "UNKNOWN_CITY"},
  };
  for (const Case& c : kCases) {
    v1::Entity bad = MakeEntity("changji", 2, v1::ENTITY_KIND_ENTERPRISE);
    c.spoil(bad);
    ExpectRefused([&] { return registry_->Register(NextCaller(), bad).status(); }, c.code,
                  c.reason);
  }
}

TEST_F(RegistryTest, ABadRecordCarriesItsDayAndReason) {
  std::string uscc = AddEntity("changji", 3, v1::ENTITY_KIND_ENTERPRISE);
  auto flagged = registry_->SetBadRecord(NextCaller(), uscc, "虚报合同 (false contract)");
  ASSERT_TRUE(flagged.ok()) << flagged.status();
  EXPECT_EQ(flagged->bad_record().set_on(), "2026-03-01");
  EXPECT_EQ(flagged->bad_record().reason(), "虚报合同 (false contract)");
  auto journal = *ledger_->GetEntry("changji", 2);
  EXPECT_EQ(journal->kind, "registry.bad_record.set");
  EXPECT_EQ(journal->memo, "虚报合同 (false contract)");

  auto cleared = registry_->ClearBadRecord(NextCaller(), uscc, "appeal upheld");
  ASSERT_TRUE(cleared.ok());
  EXPECT_FALSE(cleared->has_bad_record());
  ExpectRefused([&] { return registry_->SetBadRecord(NextCaller(), uscc, "").status(); },
                StatusCode::kInvalidArgument, "INVALID_REQUEST");
  ExpectRefused(
      [&] { return registry_->SetBadRecord(NextCaller(), TestUscc("changji", 99), "x").status(); },
      StatusCode::kNotFound, "ENTITY_NOT_FOUND");
  // A bureau names its own city; an entity of another city is not found there.
  ExpectRefused(
      [&] {
        return Wait<v1::Entity>([&](Done<v1::Entity> done) {
                 registry_->SetBadRecord(NextCaller(), {uscc, "x", "urumqi"}, std::move(done));
               })
            .status();
      },
      StatusCode::kNotFound, "ENTITY_NOT_FOUND");
}

TEST_F(RegistryTest, UpdatesKeepTheHomeCityKindAndFlags) {
  std::string uscc = AddEntity("urumqi", 4, v1::ENTITY_KIND_ENTERPRISE);
  ASSERT_TRUE(registry_->SetBadRecord(NextCaller(), uscc, "late report").ok());
  v1::Entity update = MakeEntity("urumqi", 4, v1::ENTITY_KIND_ENTERPRISE);
  update.set_legal_name("新名称有限公司");
  update.set_high_tech(true);
  auto updated = registry_->Update(NextCaller(), update);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->legal_name(), "新名称有限公司");
  EXPECT_TRUE(updated->high_tech());
  EXPECT_TRUE(updated->has_bad_record());  // an update does not wash a bad record

  update.set_home_city("changji");
  ExpectRefused([&] { return registry_->Update(NextCaller(), update).status(); },
                StatusCode::kFailedPrecondition, "HOME_CITY_FIXED");
  update.set_home_city("urumqi");
  update.set_kind(v1::ENTITY_KIND_PROVIDER);
  ExpectRefused([&] { return registry_->Update(NextCaller(), update).status(); },
                StatusCode::kFailedPrecondition, "ENTITY_KIND_MISMATCH");
}

TEST_F(RegistryTest, ProvidersAreAdmittedPerCategoryPerCityForAWindow) {
  std::string provider = AddEntity("urumqi", 5, v1::ENTITY_KIND_PROVIDER);
  Admit(provider, v1::SERVICE_CATEGORY_TESTING, "urumqi", "2026-01-01", "2026-06-30");
  Admit(provider, v1::SERVICE_CATEGORY_CONSULTING, "changji");
  Admit(provider, v1::SERVICE_CATEGORY_TESTING, "urumqi", "2026-01-01", "2026-02-28");  // renewed
  auto found = registry_->Find(provider);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->registrations_size(), 2);
  EXPECT_EQ(AdmissionOn(*found, v1::SERVICE_CATEGORY_TESTING, absl::CivilDay(2026, 3, 1)),
            nullptr);
  EXPECT_NE(AdmissionOn(*found, v1::SERVICE_CATEGORY_TESTING, absl::CivilDay(2026, 2, 28)),
            nullptr);
  EXPECT_EQ(AdmissionOn(*found, v1::SERVICE_CATEGORY_RESEARCH_DEVELOPMENT,
                        absl::CivilDay(2026, 3, 1)),
            nullptr);

  std::string enterprise = AddEntity("urumqi", 6, v1::ENTITY_KIND_ENTERPRISE);
  v1::ProviderRegistration registration = found->registrations(0);
  registration.set_provider(enterprise);
  ExpectRefused([&] { return registry_->RegisterProvider(NextCaller(), registration).status(); },
                StatusCode::kFailedPrecondition, "ENTITY_KIND_MISMATCH");
  registration.set_provider(provider);
  registration.set_valid_to("2025-12-31");
  ExpectRefused([&] { return registry_->RegisterProvider(NextCaller(), registration).status(); },
                StatusCode::kInvalidArgument, "INVALID_REQUEST");
  registration.set_valid_to("2026-12-31");
  registration.set_city("lanzhou");
  ExpectRefused([&] { return registry_->RegisterProvider(NextCaller(), registration).status(); },
                StatusCode::kNotFound, "UNKNOWN_CITY");
}

TEST_F(RegistryTest, RelatedPartiesShareARepresentativeOrAHolding) {
  v1::Entity a = MakeEntity("urumqi", 7, v1::ENTITY_KIND_ENTERPRISE);
  v1::Entity b = MakeEntity("changji", 8, v1::ENTITY_KIND_PROVIDER);
  EXPECT_EQ(RelatedBecause(a, b), std::nullopt);
  b.set_legal_representative(a.legal_representative());
  EXPECT_EQ(RelatedBecause(a, b), "they have the same legal representative");
  b.set_legal_representative("");
  a.set_legal_representative("");
  EXPECT_EQ(RelatedBecause(a, b), std::nullopt);  // two unknowns are not a match
  b.add_holds(a.uscc());
  EXPECT_EQ(RelatedBecause(a, b), b.uscc() + " holds " + a.uscc());
  EXPECT_EQ(RelatedBecause(b, a), b.uscc() + " holds " + a.uscc());
}

TEST_F(RegistryTest, ARetryWithTheSameRequestIdRegistersOnce) {
  v1::Entity entity = MakeEntity("changji", 9, v1::ENTITY_KIND_ENTERPRISE);
  Caller caller = NextCaller();
  auto first = registry_->Register(caller, entity);
  ASSERT_TRUE(first.ok());
  auto retry = registry_->Register(caller, entity);
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->registered_at_us(), first->registered_at_us());
  EXPECT_EQ(ledger_->GetHead("changji")->sequence, 1u);
  // A new request for the same code is told it exists.
  EXPECT_EQ(ErrorReason(registry_->Register(NextCaller(), entity).status()), "ENTITY_EXISTS");
}

}  // namespace
}  // namespace innoledger::registry
