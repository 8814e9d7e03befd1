// innoledger voucher ... / redemptions: innovation vouchers (VouchersService). Amounts are
// whole fen.
#include "clients/cli/args.h"
#include "innoledger/v1/vouchers.pb.h"

namespace innoledger::cli {
namespace {

// A macro so that the usage text of `voucher reserve` can extend it by concatenation.
#define RESERVATION_FLAGS                                            \
  "--voucher=ID --provider=USCC --contract=ID --contract_amount_fen=N " \
  "--category=research_development|consulting|testing --amount_fen=N"

// What a reservation and its dry run both say.
template <typename Request>
void ReadReservation(Args& args, Request& request) {
  request.set_voucher_id(args.Text("voucher"));
  request.set_provider(args.Text("provider"));
  request.set_contract_id(args.Text("contract"));
  request.set_contract_amount_fen(args.Int("contract_amount_fen"));
  request.set_category(args.EnumFlag("category", "SERVICE_CATEGORY_", &v1::ServiceCategory_Parse));
  request.set_amount_fen(args.Int("amount_fen"));
}

int Issue(Client& client, Args& args) {
  v1::IssueVoucherRequest request;
  request.set_request_id(args.RequestId());
  request.set_city(args.Text("city"));
  request.set_fiscal_year(static_cast<int32_t>(args.Int("year")));
  request.set_holder(args.Text("holder"));
  request.set_face_value_fen(args.Int("face_value_fen"));
  return args.Answer([&] { return client.IssueVoucher(request); });
}

int Reserve(Client& client, Args& args) {
  v1::ReserveVoucherRequest request;
  request.set_request_id(args.RequestId());
  ReadReservation(args, request);
  request.set_hold_timeout_seconds(args.OptionalInt("hold_timeout_seconds", 0));
  return args.Answer([&] { return client.ReserveVoucher(request); });
}

int Check(Client& client, Args& args) {
  v1::CheckReservationRequest request;
  ReadReservation(args, request);
  return args.Answer([&] { return client.CheckReservation(request); });
}

int Redeem(Client& client, Args& args) {
  v1::RedeemReservationRequest request;
  request.set_request_id(args.RequestId());
  request.set_reservation_id(args.Text("reservation"));
  request.set_provider(args.Text("provider"));
  v1::Evidence& evidence = *request.mutable_evidence();
  evidence.set_invoice_number(args.Text("invoice"));
  evidence.set_invoice_amount_fen(args.Int("invoice_amount_fen"));
  evidence.set_contract_sha256(args.Text("contract_sha256"));
  evidence.set_acceptance_sha256(args.Text("acceptance_sha256"));
  return args.Answer([&] { return client.RedeemReservation(request); });
}

int Release(Client& client, Args& args) {
  v1::ReleaseReservationRequest request;
  request.set_request_id(args.RequestId());
  request.set_reservation_id(args.Text("reservation"));
  request.set_provider(args.OptionalText("provider"));
  request.set_reason(args.Text("reason"));
  return args.Answer([&] { return client.ReleaseReservation(request); });
}

int Expire(Client& client, Args& args) {
  v1::ExpireVoucherRequest request;
  request.set_request_id(args.RequestId());
  request.set_voucher_id(args.Text("voucher"));
  return args.Answer([&] { return client.ExpireVoucher(request); });
}

int Revoke(Client& client, Args& args) {
  v1::RevokeVoucherRequest request;
  request.set_request_id(args.RequestId());
  request.set_voucher_id(args.Text("voucher"));
  request.set_reason(args.Text("reason"));
  return args.Answer([&] { return client.RevokeVoucher(request); });
}

int Show(Client& client, Args& args) {
  v1::GetVoucherRequest request;
  request.set_voucher_id(args.Word(0, "VOUCHER_ID"));
  return args.Answer([&] { return client.GetVoucher(request); });
}

int History(Client& client, Args& args) {
  v1::ListVoucherHistoryRequest request;
  request.set_voucher_id(args.Word(0, "VOUCHER_ID"));
  ReadPage(args, request);
  return args.Answer([&] { return client.ListVoucherHistory(request); });
}

int ListByHolder(Client& client, Args& args) {
  v1::ListVouchersByHolderRequest request;
  request.set_holder(args.Word(0, "USCC"));
  ReadPage(args, request);
  return args.Answer([&] { return client.ListVouchersByHolder(request); });
}

int Redemptions(Client& client, Args& args) {
  v1::ListRedemptionsByProviderRequest request;
  request.set_provider(args.Word(0, "PROVIDER"));
  ReadPage(args, request);
  return args.Answer([&] { return client.ListRedemptionsByProvider(request); });
}

}  // namespace

std::vector<Command> VoucherCommands() {
  return {
      {"voucher issue", "--city=CITY --year=YYYY --holder=USCC --face_value_fen=N", Issue},
      {"voucher reserve", RESERVATION_FLAGS " [--hold_timeout_seconds=N]", Reserve},
      {"voucher check", RESERVATION_FLAGS, Check},
      {"voucher redeem",
       "--reservation=ID --provider=USCC --invoice=NUMBER --invoice_amount_fen=N "
       "--contract_sha256=HEX --acceptance_sha256=HEX",
       Redeem},
      {"voucher release", "--reservation=ID [--provider=USCC] --reason=TEXT", Release},
      {"voucher expire", "--voucher=ID", Expire},
      {"voucher revoke", "--voucher=ID --reason=TEXT", Revoke},
      {"voucher show", "VOUCHER_ID", Show},
      {"voucher history", "VOUCHER_ID [--page_size=N] [--page_token=T]", History},
      {"voucher list-by-holder", "USCC [--page_size=N] [--page_token=T]", ListByHolder},
      {"redemptions", "PROVIDER [--page_size=N] [--page_token=T]", Redemptions},
  };
}

#undef RESERVATION_FLAGS

}  // namespace innoledger::cli
