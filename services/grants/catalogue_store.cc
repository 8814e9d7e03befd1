#include "services/grants/catalogue_store.h"

#include "services/grants/catalogue.h"

namespace innoledger::grants {

absl::Status CatalogueStore::Load() {
  auto loaded = std::make_shared<Catalogues>();
  for (const std::string& path : paths_) {
    absl::StatusOr<v1::Catalogue> catalogue = LoadCatalogue(path);
    if (!catalogue.ok()) return catalogue.status();
    loaded->push_back(*std::move(catalogue));
  }
  absl::MutexLock lock(&mu_);
  current_ = std::move(loaded);
  return absl::OkStatus();
}

std::shared_ptr<const Catalogues> CatalogueStore::Current() const {
  absl::MutexLock lock(&mu_);
  return current_;
}

}  // namespace innoledger::grants
