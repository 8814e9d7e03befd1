#ifndef INNOLEDGER_SERVICES_REGISTRY_ACTS_FOR_H_
#define INNOLEDGER_SERVICES_REGISTRY_ACTS_FOR_H_

#include <string>

#include "absl/status/status.h"
#include "services/auth/identity.h"
#include "services/registry/errors.h"

namespace innoledger::registry {

// Providers and enterprises act only for the entity their certificate names; the other
// roles for whatever the permission table lets them reach. PERMISSION_DENIED /
// ENTITY_NOT_PERMITTED otherwise.
inline absl::Status ActsFor(const auth::Principal& principal, const std::string& entity) {
  const bool own_only =
      principal.role == auth::Role::kProvider || principal.role == auth::Role::kEnterprise;
  if (!own_only || principal.entity == entity) return absl::OkStatus();
  return errors::NotOwnEntity(principal.ToString(), entity);
}

}  // namespace innoledger::registry

#endif  // INNOLEDGER_SERVICES_REGISTRY_ACTS_FOR_H_
