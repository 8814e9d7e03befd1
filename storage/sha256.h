#ifndef INNOLEDGER_STORAGE_SHA256_H_
#define INNOLEDGER_STORAGE_SHA256_H_

#include <string>

#include "absl/strings/string_view.h"
#include "storage/types.h"

namespace innoledger::storage {

// SHA-256 over the concatenation of `parts` (OpenSSL EVP).
Digest Sha256(std::initializer_list<absl::string_view> parts);

std::string DigestToHex(const Digest& digest);
absl::string_view DigestBytes(const Digest& digest);

}  // namespace innoledger::storage

#endif  // INNOLEDGER_STORAGE_SHA256_H_
