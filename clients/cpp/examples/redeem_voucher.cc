// A service provider reserves part of an enterprise's innovation voucher against a
// testing (检验检测) contract, then redeems the reservation with the invoice and the hashes
// of the contract and the acceptance record, and prints what happened. Against a
// development node, on one command line:
//
//   innoledger_example_redeem_voucher 127.0.0.1:7400 provider:changji:<USCC> <USCC>
//       changji-2026-000001 CONTRACT-7 4000000 1500000 INV-0001 <contract sha256>
//       <acceptance sha256>
//
// Amounts are fen (4000000 fen = ¥40,000). Exit code 0 when redeemed, 1 when refused.
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/numbers.h"
#include "common/errors.h"
#include "innoledger/client.h"
#include "innoledger/v1/vouchers.pb.h"

namespace {

int Refused(const char* step, const absl::Status& status) {
  std::printf("%s refused: %s %s: %s\n", step, absl::StatusCodeToString(status.code()).c_str(),
              innoledger::ErrorReason(status).c_str(), std::string(status.message()).c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  int64_t contract_fen = 0;
  int64_t amount_fen = 0;
  if (argc != 11 || !absl::SimpleAtoi(argv[6], &contract_fen) ||
      !absl::SimpleAtoi(argv[7], &amount_fen)) {
    std::fprintf(stderr,
                 "usage: %s TARGET PRINCIPAL PROVIDER_USCC VOUCHER_ID CONTRACT_ID "
                 "CONTRACT_FEN AMOUNT_FEN INVOICE_NUMBER CONTRACT_SHA256 ACCEPTANCE_SHA256\n",
                 argv[0]);
    return 2;
  }
  innoledger::ClientOptions options;
  options.target = argv[1];
  options.insecure_dev_principal = argv[2];  // mTLS: set ca_file, cert_file, key_file instead
  auto client = innoledger::Client::Connect(options);
  if (!client.ok()) return Refused("connect", client.status());

  // 1. The hold: the most this voucher may pay for this contract is promised to us.
  innoledger::v1::ReserveVoucherRequest reserve;
  reserve.set_voucher_id(argv[4]);
  reserve.set_provider(argv[3]);
  reserve.set_contract_id(argv[5]);
  reserve.set_contract_amount_fen(contract_fen);
  reserve.set_category(innoledger::v1::SERVICE_CATEGORY_TESTING);
  reserve.set_amount_fen(amount_fen);
  auto reserved = (*client)->ReserveVoucher(reserve);
  if (!reserved.ok()) return Refused("reserve", reserved.status());
  const innoledger::v1::Reservation& reservation = reserved->reservation();
  std::printf("reserved %s: %" PRId64 " fen\n", reservation.id().c_str(),
              reservation.amount_fen());

  // 2. The payment, once the work is accepted. Keep the request id: if this call fails
  //    with UNAVAILABLE (the node restarted, the network dropped), calling again with the
  //    same id cannot pay twice.
  innoledger::v1::RedeemReservationRequest redeem;
  redeem.set_request_id(innoledger::Client::NewRequestId());
  redeem.set_reservation_id(reservation.id());
  redeem.set_provider(argv[3]);
  redeem.mutable_evidence()->set_invoice_number(argv[8]);
  redeem.mutable_evidence()->set_invoice_amount_fen(contract_fen);
  redeem.mutable_evidence()->set_contract_sha256(argv[9]);
  redeem.mutable_evidence()->set_acceptance_sha256(argv[10]);
  auto redeemed = (*client)->RedeemReservation(redeem);
  if (!redeemed.ok()) return Refused("redeem", redeemed.status());
  std::printf("redeemed %s: %" PRId64 " fen to %s (%s)\n", redeemed->reservation().id().c_str(),
              redeemed->reservation().amount_fen(), redeemed->reservation().payee_account().c_str(),
              innoledger::v1::ReservationState_Name(redeemed->reservation().state()).c_str());

  // 3. What is left on the voucher.
  innoledger::v1::GetVoucherRequest show;
  show.set_voucher_id(argv[4]);
  auto voucher = (*client)->GetVoucher(show);
  if (!voucher.ok()) return Refused("show", voucher.status());
  std::printf("voucher %s: %" PRId64 " of %" PRId64 " fen left\n", argv[4],
              voucher->remaining_fen(), voucher->voucher().face_value_fen());
  return 0;
}
