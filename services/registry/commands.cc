#include "services/registry/commands.h"

#include <optional>

#include "common/china_time.h"
#include "common/status_macros.h"
#include "services/registry/entity.h"
#include "services/registry/errors.h"
#include "services/registry/partition_view.h"
#include "storage/encoding.h"

namespace innoledger::registry {
namespace {

// Read the entity, change it, write it back and journal the change.
class EntityCommand : public storage::Command {
 public:
  EntityCommand(std::string kind, std::string uscc, std::string payload, std::string memo)
      : kind_(std::move(kind)),
        uscc_(std::move(uscc)),
        payload_(std::move(payload)),
        memo_(std::move(memo)) {}

  std::string Fingerprint() const override {
    storage::Encoder e;
    for (const std::string* part : {&kind_, &uscc_, &payload_, &memo_}) e.String(*part);
    return e.Take();
  }

  absl::StatusOr<std::string> Apply(storage::ApplyContext& context) override {
    ContextView view(context);
    ASSIGN_OR_RETURN(std::optional<v1::Entity> current,
                     ReadRecord<v1::Entity>(view, EntityKey(uscc_)));
    if (!current && kind_ != "registry.entity.register") return errors::EntityNotFound(uscc_);
    ASSIGN_OR_RETURN(v1::Entity next, Change(std::move(current), context));
    next.set_updated_at_us(absl::ToUnixMicros(context.now()));
    WriteRecord(context, EntityKey(uscc_), next);
    RETURN_IF_ERROR(JournalRecordChange(context, kind_, {{"entity", uscc_}}, next, memo_).status());
    return DeterministicBytes(next);
  }

 protected:
  // The entity after the change; `current` is set except for a registration.
  virtual absl::StatusOr<v1::Entity> Change(std::optional<v1::Entity> current,
                                            const storage::ApplyContext& context) const = 0;
  const std::string& uscc() const { return uscc_; }
  const std::string& memo() const { return memo_; }

 private:
  std::string kind_;
  std::string uscc_;
  std::string payload_;  // the request's bytes, for the fingerprint
  std::string memo_;
};

class RegisterEntity final : public EntityCommand {
 public:
  explicit RegisterEntity(v1::Entity entity)
      : EntityCommand("registry.entity.register", entity.uscc(), DeterministicBytes(entity), ""),
        entity_(std::move(entity)) {}

 protected:
  absl::StatusOr<v1::Entity> Change(std::optional<v1::Entity> current,
                                    const storage::ApplyContext& context) const override {
    if (current) return errors::EntityExists(uscc(), current->home_city());
    if (entity_.home_city() != context.city()) {
      return errors::InvalidField("home_city", "names another city than the partition written");
    }
    v1::Entity next = entity_;
    next.clear_bad_record();
    next.clear_registrations();
    next.set_registered_at_us(absl::ToUnixMicros(context.now()));
    return next;
  }

 private:
  v1::Entity entity_;
};

class UpdateEntity final : public EntityCommand {
 public:
  explicit UpdateEntity(v1::Entity entity)
      : EntityCommand("registry.entity.update", entity.uscc(), DeterministicBytes(entity), ""),
        entity_(std::move(entity)) {}

 protected:
  absl::StatusOr<v1::Entity> Change(std::optional<v1::Entity> current,
                                    const storage::ApplyContext&) const override {
    if (current->home_city() != entity_.home_city()) {
      return errors::HomeCityFixed(uscc(), current->home_city());
    }
    if (current->kind() != entity_.kind()) {
      return errors::WrongKind(uscc(), KindName(entity_.kind()), KindName(current->kind()));
    }
    v1::Entity next = std::move(*current);
    next.set_legal_name(entity_.legal_name());
    next.set_legal_representative(entity_.legal_representative());
    next.set_sme(entity_.sme());
    next.set_high_tech(entity_.high_tech());
    *next.mutable_holds() = entity_.holds();
    return next;
  }

 private:
  v1::Entity entity_;
};

class BadRecordChange final : public EntityCommand {
 public:
  BadRecordChange(bool set, std::string uscc, std::string reason)
      : EntityCommand(set ? "registry.bad_record.set" : "registry.bad_record.clear",
                      std::move(uscc), "", std::move(reason)),
        set_(set) {}

 protected:
  absl::StatusOr<v1::Entity> Change(std::optional<v1::Entity> current,
                                    const storage::ApplyContext& context) const override {
    v1::Entity next = std::move(*current);
    next.clear_bad_record();
    if (set_) {
      next.mutable_bad_record()->set_set_on(FormatDay(ChinaDay(context.now())));
      next.mutable_bad_record()->set_reason(memo());
    }
    return next;
  }

 private:
  bool set_;
};

class RegisterProvider final : public EntityCommand {
 public:
  explicit RegisterProvider(v1::ProviderRegistration registration)
      : EntityCommand("registry.provider.register", registration.provider(),
                      DeterministicBytes(registration), ""),
        registration_(std::move(registration)) {}

 protected:
  absl::StatusOr<v1::Entity> Change(std::optional<v1::Entity> current,
                                    const storage::ApplyContext& context) const override {
    if (current->kind() != v1::ENTITY_KIND_PROVIDER) {
      return errors::WrongKind(uscc(), KindName(v1::ENTITY_KIND_PROVIDER),
                               KindName(current->kind()));
    }
    v1::Entity next = std::move(*current);
    v1::ProviderRegistration* slot = nullptr;
    for (v1::ProviderRegistration& existing : *next.mutable_registrations()) {
      if (existing.category() == registration_.category() &&
          existing.city() == registration_.city()) {
        slot = &existing;
      }
    }
    if (slot == nullptr) {
      if (next.registrations_size() >= kMaxRegistrations) {
        return errors::InvalidField("registration", "the provider has the most admissions kept");
      }
      slot = next.add_registrations();
    }
    *slot = registration_;
    slot->set_registered_at_us(absl::ToUnixMicros(context.now()));
    return next;
  }

 private:
  v1::ProviderRegistration registration_;
};

}  // namespace

std::unique_ptr<storage::Command> MakeRegisterEntityCommand(v1::Entity entity) {
  return std::make_unique<RegisterEntity>(std::move(entity));
}
std::unique_ptr<storage::Command> MakeUpdateEntityCommand(v1::Entity entity) {
  return std::make_unique<UpdateEntity>(std::move(entity));
}
std::unique_ptr<storage::Command> MakeSetBadRecordCommand(std::string uscc, std::string reason) {
  return std::make_unique<BadRecordChange>(true, std::move(uscc), std::move(reason));
}
std::unique_ptr<storage::Command> MakeClearBadRecordCommand(std::string uscc,
                                                            std::string reason) {
  return std::make_unique<BadRecordChange>(false, std::move(uscc), std::move(reason));
}
std::unique_ptr<storage::Command> MakeRegisterProviderCommand(
    v1::ProviderRegistration registration) {
  return std::make_unique<RegisterProvider>(std::move(registration));
}

}  // namespace innoledger::registry
