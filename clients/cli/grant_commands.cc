// innoledger award ... / tranches / disburse / caps / catalogue reload: grants under the
// policy catalogues (GrantsService). Amounts are whole fen; an application's facts are
// repeated --fact=NAME=N.
#include "clients/cli/args.h"
#include "innoledger/v1/grants.pb.h"

namespace innoledger::cli {
namespace {

#define APPLICATION_FLAGS \
  "--policy=ID --entity=USCC [--item=ID] [--fact=NAME=N ...] [--date=YYYY-MM-DD]"

// The application after its --policy (read by the caller, which may have none to read).
void ReadApplication(Args& args, const std::string& policy_id, v1::AwardApplication& application) {
  application.set_policy_id(policy_id);
  application.set_entity(args.Text("entity"));
  application.set_item(args.OptionalText("item"));
  for (const auto& [name, value] : args.IntMap("fact"))
    (*application.mutable_facts())[name] = value;
  application.set_decision_date(args.OptionalText("date"));
}

// The city and award of a write that changes one award.
template <typename Request>
void ReadAwardWrite(Args& args, Request& request) {
  request.set_request_id(args.RequestId());
  request.set_city(args.Text("city"));
  request.set_award_id(args.Text("award"));
}

int Compute(Client& client, Args& args) {
  v1::ComputeAwardRequest request;
  request.set_city(args.Text("city"));
  ReadApplication(args, args.Text("policy"), *request.mutable_application());
  return args.Answer([&] { return client.ComputeAward(request); });
}

int File(Client& client, Args& args) {
  v1::FileApplicationRequest request;
  ReadAwardWrite(args, request);
  ReadApplication(args, args.Text("policy"), *request.mutable_application());
  return args.Answer([&] { return client.FileApplication(request); });
}

// With --policy a new application (--date is its decision day); without, the application
// filed under --award, decided on --date.
int Approve(Client& client, Args& args) {
  v1::ApproveAwardRequest request;
  ReadAwardWrite(args, request);
  if (const std::string policy = args.OptionalText("policy"); !policy.empty()) {
    ReadApplication(args, policy, *request.mutable_application());
  } else {
    request.set_decision_date(args.OptionalText("date"));
  }
  return args.Answer([&] { return client.ApproveAward(request); });
}

// The result is spelled out: a forgotten flag must not forfeit a year's tranche.
int Assess(Client& client, Args& args) {
  v1::AssessTrancheRequest request;
  ReadAwardWrite(args, request);
  request.set_fiscal_year(static_cast<int32_t>(args.Int("year")));
  request.set_passed(args.OneOf("result", {"passed", "failed"}) == "passed");
  return args.Answer([&] { return client.AssessTranche(request); });
}

int Invest(Client& client, Args& args) {
  v1::RecordInvestmentRequest request;
  ReadAwardWrite(args, request);
  request.set_amount_fen(args.Int("amount_fen"));
  request.set_date(args.OptionalText("date"));
  return args.Answer([&] { return client.RecordInvestment(request); });
}

int ClawBack(Client& client, Args& args) {
  v1::ClawBackAwardRequest request;
  ReadAwardWrite(args, request);
  request.set_reason(args.Text("reason"));
  request.set_refund_received(args.Flag("refund_received"));
  return args.Answer([&] { return client.ClawBackAward(request); });
}

int Show(Client& client, Args& args) {
  v1::GetAwardRequest request;
  request.set_award_id(args.Word(0, "AWARD_ID"));
  request.set_city(args.Text("city"));
  return args.Answer([&] { return client.GetAward(request); });
}

// Exactly one filter is the node's rule (INVALID_REQUEST otherwise), not repeated here.
int List(Client& client, Args& args) {
  v1::ListAwardsRequest request;
  request.set_city(args.Text("city"));
  request.set_entity(args.OptionalText("entity"));
  request.set_policy_id(args.OptionalText("policy"));
  request.set_fiscal_year(static_cast<int32_t>(args.OptionalInt("year", 0)));
  ReadPage(args, request);
  return args.Answer([&] { return client.ListAwards(request); });
}

int History(Client& client, Args& args) {
  v1::GetAwardHistoryRequest request;
  request.set_award_id(args.Word(0, "AWARD_ID"));
  request.set_city(args.Text("city"));
  ReadPage(args, request);
  return args.Answer([&] { return client.GetAwardHistory(request); });
}

// Holding and releasing say the same things.
v1::HoldTranchesRequest ReadHold(Args& args) {
  v1::HoldTranchesRequest request;
  request.set_entity(args.Word(0, "ENTITY"));
  request.set_request_id(args.RequestId());
  request.set_city(args.Text("city"));
  request.set_reason(args.Text("reason"));
  return request;
}

int Hold(Client& client, Args& args) {
  const v1::HoldTranchesRequest request = ReadHold(args);
  return args.Answer([&] { return client.HoldTranches(request); });
}

int Release(Client& client, Args& args) {
  const v1::HoldTranchesRequest request = ReadHold(args);
  return args.Answer([&] { return client.ReleaseTranches(request); });
}

int Disburse(Client& client, Args& args) {
  v1::DisburseAwardsRequest request;
  request.set_request_id(args.RequestId());
  request.set_city(args.Text("city"));
  request.set_order_id(args.Text("order"));
  request.set_fund_account(args.Text("fund"));
  for (const std::string& award : args.List("awards")) request.add_award_ids(award);
  return args.Answer([&] { return client.DisburseAwards(request); });
}

int Caps(Client& client, Args& args) {
  v1::GetCapUsageRequest request;
  request.set_entity(args.Word(0, "ENTITY"));
  request.set_city(args.Text("city"));
  request.set_fiscal_year(static_cast<int32_t>(args.Int("year")));
  return args.Answer([&] { return client.GetCapUsage(request); });
}

int Reload(Client& client, Args& args) {
  v1::ReloadCataloguesRequest request;
  request.set_request_id(args.RequestId());
  return args.Answer([&] { return client.ReloadCatalogues(request); });
}

}  // namespace

std::vector<Command> GrantCommands() {
  return {
      {"award compute", "--city=CITY " APPLICATION_FLAGS, Compute},
      {"award file", "--city=CITY --award=ID " APPLICATION_FLAGS, File},
      {"award approve",
       "--city=CITY --award=ID [--date=YYYY-MM-DD] "
       "[--policy=ID --entity=USCC [--item=ID] [--fact=NAME=N ...]]",
       Approve},
      {"award assess", "--city=CITY --award=ID --year=YYYY --result=passed|failed", Assess},
      {"award invest", "--city=CITY --award=ID --amount_fen=N [--date=YYYY-MM-DD]", Invest},
      {"award clawback", "--city=CITY --award=ID --reason=TEXT [--refund_received]", ClawBack},
      {"award show", "AWARD_ID --city=CITY", Show},
      {"award list",
       "--city=CITY (--entity=USCC | --policy=ID [--year=YYYY] | --year=YYYY) [--page_size=N] "
       "[--page_token=T]",
       List},
      {"award history", "AWARD_ID --city=CITY [--page_size=N] [--page_token=T]", History},
      {"tranches hold", "ENTITY --city=CITY --reason=TEXT", Hold},
      {"tranches release", "ENTITY --city=CITY --reason=TEXT", Release},
      {"disburse", "--city=CITY --order=ID --fund=ACCOUNT --awards=ID,...", Disburse},
      {"caps", "ENTITY --city=CITY --year=YYYY", Caps},
      {"catalogue reload", "", Reload},
  };
}

#undef APPLICATION_FLAGS

}  // namespace innoledger::cli
