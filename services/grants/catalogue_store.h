#ifndef INNOLEDGER_SERVICES_GRANTS_CATALOGUE_STORE_H_
#define INNOLEDGER_SERVICES_GRANTS_CATALOGUE_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "innoledger/v1/catalogue.pb.h"

namespace innoledger::grants {

using Catalogues = std::vector<v1::Catalogue>;

// The policy catalogues a node awards under, loaded from its configured files and
// re-loadable while it serves. A reload replaces the whole set in one step, or (any file
// wrong) changes nothing; a call in flight keeps the set it started with (commands copy
// the policy version they need), so no award is decided half under the old set.
class CatalogueStore {
 public:
  explicit CatalogueStore(std::vector<std::string> paths) : paths_(std::move(paths)) {}

  // Loads and checks every file (errors name the file and line: CATALOGUE_INVALID,
  // CATALOGUE_NOT_FOUND); on success the new set is current.
  absl::Status Load();
  std::shared_ptr<const Catalogues> Current() const;
  const std::vector<std::string>& paths() const { return paths_; }

 private:
  const std::vector<std::string> paths_;
  mutable absl::Mutex mu_;
  std::shared_ptr<const Catalogues> current_ ABSL_GUARDED_BY(mu_) =
      std::make_shared<const Catalogues>();
};

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_CATALOGUE_STORE_H_
