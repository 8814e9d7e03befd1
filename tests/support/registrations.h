#ifndef INNOLEDGER_TESTS_SUPPORT_REGISTRATIONS_H_
#define INNOLEDGER_TESTS_SUPPORT_REGISTRATIONS_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "innoledger/v1/registry.pb.h"
#include "services/registry/testing/registry_fixture.h"

namespace innoledger::testing {

// A bureau's registration of `uscc` as an entity of `home_city`.
inline v1::RegisterEntityRequest EntityRegistration(absl::string_view uscc,
                                                    absl::string_view home_city,
                                                    v1::EntityKind kind,
                                                    absl::string_view legal_name) {
  v1::RegisterEntityRequest request;
  v1::Entity& entity = *request.mutable_entity();
  entity.set_uscc(std::string(uscc));
  entity.set_kind(kind);
  entity.set_home_city(std::string(home_city));
  entity.set_legal_name(std::string(legal_name));
  return request;
}

// Test entity `n` of `city` (its USCC from registry::testing::TestUscc); an enterprise is
// an SME, so it may hold vouchers.
inline v1::RegisterEntityRequest TestEntityRegistration(absl::string_view city, int n,
                                                        v1::EntityKind kind) {
  v1::RegisterEntityRequest request = EntityRegistration(
      registry::testing::TestUscc(city, n), city, kind, absl::StrCat("测试单位 ", city, " ", n));
  request.mutable_entity()->set_legal_representative(absl::StrCat("rep-", city, "-", n));
  request.mutable_entity()->set_sme(kind == v1::ENTITY_KIND_ENTERPRISE);
  return request;
}

}  // namespace innoledger::testing

#endif  // INNOLEDGER_TESTS_SUPPORT_REGISTRATIONS_H_
