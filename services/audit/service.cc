#include "services/audit/service.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/status_macros.h"
#include "services/common/errors.h"
#include "storage/limits.h"
#include "storage/sha256.h"

namespace innoledger::audit {
namespace {

constexpr absl::string_view kTokenPrefix = "audit:";

absl::StatusOr<uint64_t> AfterSequence(absl::string_view token) {
  uint64_t after = 0;
  if (token.empty()) return after;
  if (!absl::ConsumePrefix(&token, kTokenPrefix) || !absl::SimpleAtoi(token, &after)) {
    return services::errors::InvalidPageToken("not a token of ListAuditRecords");
  }
  return after;
}

void ToProto(const AuditRecord& record, v1::AuditRecord& out) {
  out.set_sequence(record.sequence);
  out.set_recorded_at_us(record.recorded_at_us);
  out.set_principal(record.principal);
  out.set_method(record.method);
  out.set_city(record.city);
  out.set_code(record.code);
  out.set_reason(record.reason);
  out.set_request_id(record.request_id);
  out.set_message(record.message);
  out.set_hash(std::string(storage::DigestBytes(record.hash)));
}

}  // namespace

absl::StatusOr<v1::ListAuditRecordsResponse> ListRecords(
    const AuditLog& log, const v1::ListAuditRecordsRequest& request) {
  if (request.page_size() < 0) {
    return services::errors::InvalidField("page_size", "must not be negative");
  }
  const int limit = request.page_size() == 0
                        ? 100
                        : std::min<int>(request.page_size(), storage::kMaxPageSize);
  ASSIGN_OR_RETURN(uint64_t after, AfterSequence(request.page_token()));
  ASSIGN_OR_RETURN(std::vector<AuditRecord> records, log.List(after, limit + 1));
  v1::ListAuditRecordsResponse response;
  for (size_t i = 0; i < records.size() && i < static_cast<size_t>(limit); ++i) {
    ToProto(records[i], *response.add_records());
  }
  if (records.size() > static_cast<size_t>(limit)) {
    response.set_next_page_token(
        absl::StrCat(kTokenPrefix, response.records(limit - 1).sequence()));
  }
  return response;
}

grpc::ServerUnaryReactor* AuditService::ListAuditRecords(
    grpc::CallbackServerContext* context, const v1::ListAuditRecordsRequest* request,
    v1::ListAuditRecordsResponse* response) {
  services::Call call(gate_, "innoledger.v1.AuditService/ListAuditRecords", context);
  // 1. Who is asking, within its limits and reach (auditors only).
  absl::StatusOr<auth::Principal> principal = call.Admit("");
  if (!principal.ok()) return call.Finish(principal.status());
  // 2. Read and answer.
  absl::StatusOr<v1::ListAuditRecordsResponse> result = ListRecords(*log_, *request);
  if (result.ok()) *response = std::move(*result);
  return call.Finish(result.status());
}

}  // namespace innoledger::audit
