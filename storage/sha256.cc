#include "storage/sha256.h"

#include <openssl/evp.h>

#include <memory>

#include "absl/strings/escaping.h"
#include "common/check.h"

namespace innoledger::storage {

Digest Sha256(std::initializer_list<absl::string_view> parts) {
  // The algorithm is looked up once and each thread reuses one context: a new context and
  // an implicit lookup per hash showed in the sequencer's profile (two hashes a command).
  static EVP_MD* const algorithm = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  LEDGER_CHECK(algorithm != nullptr);
  thread_local const std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> owned(EVP_MD_CTX_new(),
                                                                             EVP_MD_CTX_free);
  EVP_MD_CTX* context = owned.get();
  LEDGER_CHECK(context != nullptr);
  LEDGER_CHECK(EVP_DigestInit_ex2(context, algorithm, nullptr) == 1);
  for (absl::string_view part : parts) {
    LEDGER_CHECK(EVP_DigestUpdate(context, part.data(), part.size()) == 1);
  }
  Digest digest;
  unsigned int length = 0;
  LEDGER_CHECK(EVP_DigestFinal_ex(context, digest.data(), &length) == 1);
  LEDGER_CHECK(length == digest.size());
  return digest;
}

absl::string_view DigestBytes(const Digest& digest) {
  return absl::string_view(reinterpret_cast<const char*>(digest.data()), digest.size());
}

std::string DigestToHex(const Digest& digest) {
  return absl::BytesToHexString(DigestBytes(digest));
}

}  // namespace innoledger::storage
