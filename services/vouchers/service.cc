#include "services/vouchers/service.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/ledger/convert.h"
#include "services/registry/acts_for.h"
#include "services/vouchers/convert.h"

namespace innoledger::vouchers {
namespace {

constexpr absl::string_view kService = "innoledger.v1.VouchersService/";

// One page of a list that walks every city for one entity (a holder, a provider): the
// caller acts for that entity, and the page token is bound to (list, entity).
template <typename Request, typename Fetch, typename Items, typename Response>
absl::Status CrossCityPage(const auth::Principal& principal, const std::string& list,
                           const Request& request, const std::string& entity, Fetch fetch,
                           Items* items, Response* response) {
  absl::Status own = registry::ActsFor(principal, entity);
  if (!own.ok()) return own;
  auto cursor = CursorFromToken(list, entity, request.page_token());
  if (!cursor.ok()) return cursor.status();
  auto page = fetch(*cursor, PageSize(request.page_size()));
  if (!page.ok()) return page.status();
  for (auto& item : page->items) *items->Add() = std::move(item);
  response->set_next_page_token(CursorToken(list, entity, page->next));
  return absl::OkStatus();
}

}  // namespace

template <typename Result, typename Start, typename Fill>
grpc::ServerUnaryReactor* VouchersService::Write(const char* method,
                                                 grpc::CallbackServerContext* context,
                                                 const std::string& city,
                                                 const std::string& request_id,
                                                 const std::string& acts_for, Start start,
                                                 Fill fill) {
  services::Call call(gate_, absl::StrCat(kService, method), context);
  // 1. Who is asking, within its limits and reach, with a request id and a deadline, and
  //    for itself when it is a provider or an enterprise.
  absl::StatusOr<auth::Principal> principal = call.AdmitWrite(city, request_id);
  if (!principal.ok()) return call.Finish(principal.status());
  absl::Status own = registry::ActsFor(*principal, acts_for);
  if (!own.ok()) return call.Finish(own);
  // 2. The domain call; its answer, once durable, finishes the call.
  gate_.observer->OnWriteQueued();
  start(Caller{principal->ToString(), request_id, principal->via_city},
        [call, fill = std::move(fill), observer = gate_.observer](
            absl::StatusOr<Result> result) mutable {
          observer->OnWriteAnswered();
          if (result.ok()) fill(*std::move(result));
          call.Finish(result.status());
        });
  return call.reactor();
}

template <typename Request, typename Response>
grpc::ServerUnaryReactor* VouchersService::Forward(const char* method,
                                                   grpc::CallbackServerContext* context,
                                                   const std::string& city,
                                                   const std::string& request_id,
                                                   const std::string& acts_for,
                                                   const Request& request, Response* response) {
  services::Call call(gate_, absl::StrCat(kService, method), context);
  // 1. Admitted here as for a local voucher: this node authenticated the caller.
  absl::StatusOr<auth::Principal> principal =
      request_id.empty() ? call.Admit(city) : call.AdmitWrite(city, request_id);
  if (!principal.ok()) return call.Finish(principal.status());
  absl::Status own = registry::ActsFor(*principal, acts_for);
  if (!own.ok()) return call.Finish(own);
  // 2. The issuing city's node decides, for the caller (its answer, reason and all, is
  //    this call's), within the caller's deadline (at most a minute).
  const absl::Time deadline =
      std::min(absl::FromChrono(context->deadline()), absl::Now() + absl::Minutes(1));
  peers_->Call(city, absl::StrCat("/", kService, method), principal->ToString(), request,
               response, deadline, [call](absl::Status status) { call.Finish(status); });
  return call.reactor();
}

template <typename Read>
grpc::ServerUnaryReactor* VouchersService::ReadCall(const char* method,
                                                    grpc::CallbackServerContext* context,
                                                    const std::string& city, Read read) {
  services::Call call(gate_, absl::StrCat(kService, method), context);
  // 1. Who is asking (reads are not anonymous either), within its limits and reach.
  absl::StatusOr<auth::Principal> principal = call.Admit(city);
  if (!principal.ok()) return call.Finish(principal.status());
  // 2. Read and answer.
  return call.Finish(read(*principal));
}

grpc::ServerUnaryReactor* VouchersService::IssueVoucher(grpc::CallbackServerContext* context,
                                                        const v1::IssueVoucherRequest* request,
                                                        v1::IssueVoucherResponse* response) {
  return Write<v1::Voucher>(
      "IssueVoucher", context, request->city(), request->request_id(), request->holder(),
      [this, request](Caller caller, Done<v1::Voucher> done) {
        vouchers_->Issue(caller, ToDomain(*request), std::move(done));
      },
      [response](v1::Voucher voucher) { *response->mutable_voucher() = std::move(voucher); });
}

grpc::ServerUnaryReactor* VouchersService::ReserveVoucher(
    grpc::CallbackServerContext* context, const v1::ReserveVoucherRequest* request,
    v1::ReserveVoucherResponse* response) {
  const std::string city = CityOfVoucher(request->voucher_id());
  if (AtPeer(city)) {
    return Forward("ReserveVoucher", context, city, request->request_id(), request->provider(),
                   *request, response);
  }
  return Write<v1::Reservation>(
      "ReserveVoucher", context, CityOfVoucher(request->voucher_id()), request->request_id(),
      request->provider(),
      [this, request](Caller caller, Done<v1::Reservation> done) {
        vouchers_->Reserve(caller, ToDomain(*request), std::move(done));
      },
      [response](v1::Reservation r) { *response->mutable_reservation() = std::move(r); });
}

grpc::ServerUnaryReactor* VouchersService::RedeemReservation(
    grpc::CallbackServerContext* context, const v1::RedeemReservationRequest* request,
    v1::RedeemReservationResponse* response) {
  return Write<v1::Reservation>(
      "RedeemReservation", context, CityOfReservation(request->reservation_id()),
      request->request_id(), request->provider(),
      [this, request](Caller caller, Done<v1::Reservation> done) {
        vouchers_->Redeem(caller, ToDomain(*request), std::move(done));
      },
      [response](v1::Reservation r) { *response->mutable_reservation() = std::move(r); });
}

grpc::ServerUnaryReactor* VouchersService::ReleaseReservation(
    grpc::CallbackServerContext* context, const v1::ReleaseReservationRequest* request,
    v1::ReleaseReservationResponse* response) {
  const std::string city = CityOfReservation(request->reservation_id());
  if (AtPeer(city)) {
    return Forward("ReleaseReservation", context, city, request->request_id(),
                   request->provider(), *request, response);
  }
  return Write<v1::Reservation>(
      "ReleaseReservation", context, CityOfReservation(request->reservation_id()),
      request->request_id(), request->provider(),
      [this, request](Caller caller, Done<v1::Reservation> done) {
        vouchers_->Release(caller, ToDomain(*request), std::move(done));
      },
      [response](v1::Reservation r) { *response->mutable_reservation() = std::move(r); });
}

grpc::ServerUnaryReactor* VouchersService::ExpireVoucher(grpc::CallbackServerContext* context,
                                                         const v1::ExpireVoucherRequest* request,
                                                         v1::ExpireVoucherResponse* response) {
  return Write<v1::Voucher>(
      "ExpireVoucher", context, CityOfVoucher(request->voucher_id()), request->request_id(), "",
      [this, request](Caller caller, Done<v1::Voucher> done) {
        vouchers_->Expire(caller, request->voucher_id(), std::move(done));
      },
      [response](v1::Voucher voucher) { *response->mutable_voucher() = std::move(voucher); });
}

grpc::ServerUnaryReactor* VouchersService::RevokeVoucher(grpc::CallbackServerContext* context,
                                                         const v1::RevokeVoucherRequest* request,
                                                         v1::RevokeVoucherResponse* response) {
  return Write<v1::Voucher>(
      "RevokeVoucher", context, CityOfVoucher(request->voucher_id()), request->request_id(), "",
      [this, request](Caller caller, Done<v1::Voucher> done) {
        vouchers_->Revoke(caller, request->voucher_id(), request->reason(), std::move(done));
      },
      [response](v1::Voucher voucher) { *response->mutable_voucher() = std::move(voucher); });
}

grpc::ServerUnaryReactor* VouchersService::CheckReservation(
    grpc::CallbackServerContext* context, const v1::CheckReservationRequest* request,
    v1::CheckReservationResponse* response) {
  const std::string city = CityOfVoucher(request->voucher_id());
  if (AtPeer(city)) {
    return Forward("CheckReservation", context, city, "", request->provider(), *request,
                   response);
  }
  return ReadCall("CheckReservation", context, CityOfVoucher(request->voucher_id()),
                  [&](const auth::Principal& principal) -> absl::Status {
                    absl::Status own = registry::ActsFor(principal, request->provider());
                    if (!own.ok()) return own;
                    auto check = vouchers_->DryRun(ToDomain(*request));
                    if (check.ok()) *response->mutable_check() = *std::move(check);
                    return check.status();
                  });
}

grpc::ServerUnaryReactor* VouchersService::GetVoucher(grpc::CallbackServerContext* context,
                                                      const v1::GetVoucherRequest* request,
                                                      v1::GetVoucherResponse* response) {
  const std::string city = CityOfVoucher(request->voucher_id());
  if (AtPeer(city)) return Forward("GetVoucher", context, city, "", "", *request, response);
  return ReadCall("GetVoucher", context, CityOfVoucher(request->voucher_id()),
                  [&](const auth::Principal& principal) -> absl::Status {
                    auto details = reader_->Get(request->voucher_id());
                    if (!details.ok()) return details.status();
                    // An enterprise sees its own vouchers only.
                    if (principal.role == auth::Role::kEnterprise) {
                      absl::Status own = registry::ActsFor(principal, details->voucher.holder());
                      if (!own.ok()) return own;
                    }
                    *response->mutable_voucher() = std::move(details->voucher);
                    response->set_remaining_fen(details->remaining_fen);
                    response->set_reserved_fen(details->reserved_fen);
                    for (auto& r : details->reservations) *response->add_reservations() = std::move(r);
                    return absl::OkStatus();
                  });
}

grpc::ServerUnaryReactor* VouchersService::ListVoucherHistory(
    grpc::CallbackServerContext* context, const v1::ListVoucherHistoryRequest* request,
    v1::ListVoucherHistoryResponse* response) {
  const std::string city = CityOfVoucher(request->voucher_id());
  if (AtPeer(city)) {
    return Forward("ListVoucherHistory", context, city, "", "", *request, response);
  }
  return ReadCall("ListVoucherHistory", context, CityOfVoucher(request->voucher_id()),
                  [&](const auth::Principal&) -> absl::Status {
                    auto after = HistoryFromToken(request->voucher_id(), request->page_token());
                    if (!after.ok()) return after.status();
                    auto page = reader_->History(request->voucher_id(), *after,
                                                 PageSize(request->page_size()));
                    if (!page.ok()) return page.status();
                    for (const auto& entry : page->entries) {
                      *response->add_entries() = ledger_service::ToProto(entry);
                    }
                    response->set_next_page_token(
                        HistoryToken(request->voucher_id(), page->next_after_sequence));
                    return absl::OkStatus();
                  });
}

grpc::ServerUnaryReactor* VouchersService::ListVouchersByHolder(
    grpc::CallbackServerContext* context, const v1::ListVouchersByHolderRequest* request,
    v1::ListVouchersByHolderResponse* response) {
  return ReadCall("ListVouchersByHolder", context, "", [&](const auth::Principal& principal) {
    return CrossCityPage(
        principal, "vouchers_by_holder", *request, request->holder(),
        [&](const std::optional<Cursor>& cursor, int limit) {
          return reader_->ByHolder(request->holder(), cursor, limit);
        },
        response->mutable_vouchers(), response);
  });
}

grpc::ServerUnaryReactor* VouchersService::ListRedemptionsByProvider(
    grpc::CallbackServerContext* context, const v1::ListRedemptionsByProviderRequest* request,
    v1::ListRedemptionsByProviderResponse* response) {
  return ReadCall("ListRedemptionsByProvider", context, "", [&](const auth::Principal& principal) {
    return CrossCityPage(
        principal, "redemptions_by_provider", *request, request->provider(),
        [&](const std::optional<Cursor>& cursor, int limit) {
          return reader_->RedemptionsByProvider(request->provider(), cursor, limit);
        },
        response->mutable_redemptions(), response);
  });
}

}  // namespace innoledger::vouchers
