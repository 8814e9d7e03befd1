// Every RPC × every role × own city / other city, against the real innoledgerd under mTLS:
// each call is allowed or PERMISSION_DENIED exactly as tests/authz_expectations.txt says,
// and a refused write leaves every city's ledger unchanged. Requests are built from the
// service descriptors, so a new RPC is covered as soon as it has a row (and fails the test
// until it has one).
#include <fstream>
#include <future>
#include <map>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/errors.h"
#include "google/protobuf/dynamic_message.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "innoledger/v1/audit.grpc.pb.h"
#include "innoledger/v1/grants.pb.h"
#include "innoledger/v1/ledger.pb.h"
#include "services/common/grpc_status.h"
#include "services/common/served_services.h"
#include "storage/testing/ledger_fixture.h"
#include "tests/support/daemon.h"

namespace innoledger {
namespace {

using google::protobuf::MethodDescriptor;

const std::vector<std::string> kRoles = {"bureau",  "provider",   "enterprise", "finance",
                                         "settlement", "auditor", "node",       "admin"};

struct Expectation {
  bool own = false;
  bool other = false;
};
// "LedgerService/GetHead" → role → expectation.
using Table = std::map<std::string, std::map<std::string, Expectation>>;

Table LoadExpectations() {
  std::ifstream in(std::string(std::getenv("INNOLEDGER_SOURCE_DIR")) +
                   "/tests/authz_expectations.txt");
  Table table;
  std::string line;
  while (std::getline(in, line)) {
    if (absl::StripAsciiWhitespace(line).empty() || line[0] == '#') continue;
    std::vector<std::string> cells = absl::StrSplit(line, ' ', absl::SkipWhitespace());
    EXPECT_EQ(cells.size(), kRoles.size() + 1) << line;
    for (size_t i = 1; i < cells.size() && i <= kRoles.size(); ++i) {
      table[cells[0]][kRoles[i - 1]] = {cells[i][0] == 'Y', cells[i][2] == 'Y'};
    }
  }
  return table;
}


// Sets the string field `name` of `message`, if it has one.
void SetIfPresent(google::protobuf::Message* message, const char* name, const std::string& value) {
  if (const auto* field = message->GetDescriptor()->FindFieldByName(name)) {
    if (field->type() == google::protobuf::FieldDescriptor::TYPE_STRING && !field->is_repeated()) {
      message->GetReflection()->SetString(message, field, value);
    }
  }
}

// The smallest request that acts on `city` (its city field, the home city of the entity or
// registration it carries, or a voucher / reservation id of that city), for `entity` where
// it names the caller (a provider or an enterprise may act only for itself), with a fresh
// request id: enough to pass the permission check, whatever the handler says about the rest.
std::string MinimalRequest(const MethodDescriptor& method, const std::string& city,
                           const std::string& entity, int n) {
  google::protobuf::DynamicMessageFactory factory;
  std::unique_ptr<google::protobuf::Message> request(
      factory.GetPrototype(method.input_type())->New());
  SetIfPresent(request.get(), "city", city);
  SetIfPresent(request.get(), "voucher_id", absl::StrCat(city, "-2026-000001"));
  SetIfPresent(request.get(), "reservation_id", absl::StrCat(city, "-2026-000001/1"));
  for (const char* own : {"provider", "holder", "uscc", "entity"}) {
    SetIfPresent(request.get(), own, entity);
  }
  SetIfPresent(request.get(), "request_id", absl::StrCat("authz-", n));
  for (const char* part : {"entity", "registration"}) {
    const auto* field = method.input_type()->FindFieldByName(part);
    if (field == nullptr || field->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE) {
      continue;
    }
    auto* inner = request->GetReflection()->MutableMessage(request.get(), field, &factory);
    SetIfPresent(inner, "home_city", city);
    SetIfPresent(inner, "city", city);
  }
  return request->SerializeAsString();
}

grpc::Status Call(grpc::Channel& channel, const MethodDescriptor& method,
                  const std::string& request) {
  grpc::GenericStub stub(channel.shared_from_this());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  grpc::Slice slice(request);
  grpc::ByteBuffer request_buffer(&slice, 1), response_buffer;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, absl::StrCat("/", method.service()->full_name(), "/", method.name()),
                 grpc::StubOptions(), &request_buffer, &response_buffer,
                 [&](grpc::Status status) { done.set_value(status); });
  return done.get_future().get();
}

class AuthzTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto daemon = testing::StartWithMtls(certs_.path());
    ASSERT_TRUE(daemon.ok()) << daemon.status();
    daemon_ = std::move(*daemon);
  }

  std::string Heads() {
    std::string heads;
    auto stub = daemon_->NewStub();  // as zone-auditor
    for (const char* city : {"urumqi", "changji", "shihezi"}) {
      v1::GetHeadRequest request;
      request.set_city(city);
      v1::GetHeadResponse response;
      grpc::ClientContext context;
      EXPECT_TRUE(stub->GetHead(&context, request, &response).ok());
      heads += response.head().SerializeAsString();
    }
    return heads;
  }

  storage::testing::TempDir certs_;
  std::unique_ptr<testing::Daemon> daemon_;
};

TEST_F(AuthzTest, EveryMethodEveryRoleOwnAndOtherCity) {
  const Table table = LoadExpectations();
  int n = 0, checked = 0;
  for (const MethodDescriptor* method : services::ServedMethods()) {
    const std::string name = absl::StrCat(method->service()->name(), "/", method->name());
    auto row = table.find(name);
    ASSERT_NE(row, table.end()) << name << " has no row in tests/authz_expectations.txt";
    const bool write = method->input_type()->FindFieldByName("request_id") != nullptr;
    for (const std::string& role : kRoles) {
      const std::string cert = role == "auditor" ? "zone-auditor" : "changji-" + role;
      auto channel = daemon_->ChannelAs(cert);
      for (bool own : {true, false}) {
        SCOPED_TRACE(absl::StrCat(name, " as ", cert, own ? " for changji" : " for urumqi"));
        const bool allowed = own ? row->second.at(role).own : row->second.at(role).other;
        const std::string before = write ? Heads() : "";
        grpc::Status status =
            Call(*channel, *method, MinimalRequest(*method, own ? "changji" : "urumqi", cert, ++n));
        ++checked;
        if (allowed) {
          EXPECT_NE(status.error_code(), grpc::PERMISSION_DENIED) << status.error_message();
          continue;
        }
        ASSERT_EQ(status.error_code(), grpc::PERMISSION_DENIED) << status.error_message();
        EXPECT_FALSE(status.error_message().empty());
        absl::Status detail = services::FromGrpcStatus(status);
        EXPECT_TRUE(ErrorReason(detail) == "ROLE_NOT_PERMITTED" ||
                    ErrorReason(detail) == "CITY_NOT_PERMITTED")
            << ErrorReason(detail);
        if (write) {
          EXPECT_EQ(Heads(), before) << "a refused write changed a ledger";
        }
      }
    }
  }
  std::cout << checked << " calls checked\n";
}

TEST_F(AuthzTest, RefusalsAreInTheAuditTrailForTheAuditor) {
  auto provider = v1::LedgerService::NewStub(daemon_->ChannelAs("changji-provider"));
  v1::SubmitTransactionRequest request;
  request.set_city("changji");
  request.set_request_id("steal-1");
  v1::SubmitTransactionResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  ASSERT_EQ(provider->SubmitTransaction(&context, request, &response).error_code(),
            grpc::PERMISSION_DENIED);

  auto read_trail = [&](const std::string& cert, v1::ListAuditRecordsResponse* records) {
    grpc::ClientContext read_context;
    auto stub = v1::AuditService::NewStub(daemon_->ChannelAs(cert));
    return stub->ListAuditRecords(&read_context, v1::ListAuditRecordsRequest(), records);
  };
  v1::ListAuditRecordsResponse records;
  ASSERT_TRUE(read_trail("zone-auditor", &records).ok());
  ASSERT_GE(records.records_size(), 1);
  const v1::AuditRecord& last = *records.records().rbegin();
  EXPECT_EQ(last.principal(), "provider:changji:changji-provider");
  EXPECT_EQ(last.method(), "innoledger.v1.LedgerService/SubmitTransaction");
  EXPECT_EQ(last.code(), "PERMISSION_DENIED");
  EXPECT_EQ(last.reason(), "ROLE_NOT_PERMITTED");
  EXPECT_EQ(last.request_id(), "steal-1");
  // Nobody but the auditor reads it (and that refusal is itself recorded).
  v1::ListAuditRecordsResponse denied;
  EXPECT_EQ(read_trail("changji-admin", &denied).error_code(), grpc::PERMISSION_DENIED);
}

}  // namespace
}  // namespace innoledger
