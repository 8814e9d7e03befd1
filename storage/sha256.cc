#include "storage/sha256.h"

#include <openssl/evp.h>

#include "absl/strings/escaping.h"
#include "common/check.h"

namespace innoledger::storage {

Digest Sha256(std::initializer_list<absl::string_view> parts) {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  LEDGER_CHECK(context != nullptr);
  LEDGER_CHECK(EVP_DigestInit_ex(context, EVP_sha256(), nullptr) == 1);
  for (absl::string_view part : parts) {
    LEDGER_CHECK(EVP_DigestUpdate(context, part.data(), part.size()) == 1);
  }
  Digest digest;
  unsigned int length = 0;
  LEDGER_CHECK(EVP_DigestFinal_ex(context, digest.data(), &length) == 1);
  LEDGER_CHECK(length == digest.size());
  EVP_MD_CTX_free(context);
  return digest;
}

absl::string_view DigestBytes(const Digest& digest) {
  return absl::string_view(reinterpret_cast<const char*>(digest.data()), digest.size());
}

std::string DigestToHex(const Digest& digest) {
  return absl::BytesToHexString(DigestBytes(digest));
}

}  // namespace innoledger::storage
