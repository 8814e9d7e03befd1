// innoledger entity ... / provider register: the registry (RegistryService).
#include "clients/cli/args.h"
#include "innoledger/v1/registry.pb.h"

namespace innoledger::cli {
namespace {

int RegisterEntity(Client& client, Args& args) {
  v1::RegisterEntityRequest request;
  request.set_request_id(args.RequestId());
  v1::Entity& entity = *request.mutable_entity();
  entity.set_uscc(args.Text("uscc"));
  entity.set_kind(args.EnumFlag("kind", "ENTITY_KIND_", &v1::EntityKind_Parse));
  entity.set_home_city(args.Text("city"));
  entity.set_legal_name(args.Text("name"));
  entity.set_legal_representative(args.OptionalText("representative"));
  entity.set_sme(args.Flag("sme"));
  entity.set_high_tech(args.Flag("high_tech"));
  for (const std::string& held : args.List("holds")) entity.add_holds(held);
  return args.Answer([&] { return client.RegisterEntity(request); });
}

int ShowEntity(Client& client, Args& args) {
  v1::GetEntityRequest request;
  request.set_uscc(args.Word(0, "USCC"));
  return args.Answer([&] { return client.GetEntity(request); });
}

// Setting and clearing a bad record say the same things.
template <typename Request>
void ReadBadRecord(Args& args, Request& request) {
  request.set_request_id(args.RequestId());
  request.set_city(args.Text("city"));
  request.set_uscc(args.Text("uscc"));
  request.set_reason(args.Text("reason"));
}

int SetBadRecord(Client& client, Args& args) {
  v1::SetBadRecordRequest request;
  ReadBadRecord(args, request);
  return args.Answer([&] { return client.SetBadRecord(request); });
}

int ClearBadRecord(Client& client, Args& args) {
  v1::ClearBadRecordRequest request;
  ReadBadRecord(args, request);
  return args.Answer([&] { return client.ClearBadRecord(request); });
}

int RegisterProvider(Client& client, Args& args) {
  v1::RegisterProviderRequest request;
  request.set_request_id(args.RequestId());
  v1::ProviderRegistration& registration = *request.mutable_registration();
  registration.set_provider(args.Text("uscc"));
  registration.set_category(
      args.EnumFlag("category", "SERVICE_CATEGORY_", &v1::ServiceCategory_Parse));
  registration.set_city(args.Text("city"));
  registration.set_valid_from(args.Text("from"));
  registration.set_valid_to(args.Text("to"));
  return args.Answer([&] { return client.RegisterProvider(request); });
}

}  // namespace

std::vector<Command> RegistryCommands() {
  return {
      {"entity register",
       "--uscc=USCC --kind=enterprise|provider|zone_body --city=CITY --name=NAME "
       "[--representative=ID] [--sme] [--high_tech] [--holds=USCC,...]",
       RegisterEntity},
      {"entity show", "USCC", ShowEntity},
      {"entity bad-record", "--city=CITY --uscc=USCC --reason=TEXT", SetBadRecord},
      {"entity clear-bad-record", "--city=CITY --uscc=USCC --reason=TEXT", ClearBadRecord},
      {"provider register",
       "--uscc=USCC --category=research_development|consulting|testing --city=CITY "
       "--from=YYYY-MM-DD --to=YYYY-MM-DD",
       RegisterProvider},
  };
}

}  // namespace innoledger::cli
