#include "services/registry/partition_view.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "storage/sha256.h"

namespace innoledger::registry {

std::string DeterministicBytes(const google::protobuf::MessageLite& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return bytes;
}

void WriteRecord(storage::ApplyContext& context, absl::string_view key,
                 const google::protobuf::MessageLite& message) {
  context.PutRecord(key, DeterministicBytes(message));
}

absl::StatusOr<uint64_t> JournalRecordChange(storage::ApplyContext& context,
                                             absl::string_view kind,
                                             std::vector<storage::Reference> references,
                                             const google::protobuf::MessageLite& record,
                                             absl::string_view memo) {
  storage::TransactionRequest request;
  request.kind = std::string(kind);
  request.references = std::move(references);
  request.references.push_back(
      {"record_sha256", storage::DigestToHex(storage::Sha256({DeterministicBytes(record)}))});
  request.memo = std::string(memo);
  auto entry = context.Transact(request);
  if (!entry.ok()) return entry.status();
  return entry->sequence;
}

bool ParseDay(absl::string_view text, absl::CivilDay* day) {
  // absl accepts forms like "2026-2-3"; the settings and the API promise exactly 10 bytes.
  return text.size() == 10 && absl::ParseCivilTime(text, day);
}

std::string FormatDay(absl::CivilDay day) { return absl::FormatCivilTime(day); }

}  // namespace innoledger::registry
