#include "storage/missions/organisation_store.h"

#include <map>
#include <optional>
#include <pqxx/pqxx>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "storage/missions/communes.h"
#include "storage/pg/prepared_statement.h"
#include "storage/sql_values.h"
#include "storage/outbox.h"
#include "storage/pg/transaction.h"
#include "storage/status_macros.h"

namespace renfort::storage {
namespace {

constexpr char kOrganisationColumns[] = R"sql(
  SELECT o.id, o.name, o.kind, coalesce(o.siret, ''), coalesce(o.rna, ''),
         coalesce(o.network_slug, ''), coalesce(o.address_label, ''),
         coalesce(o.address_street, ''), coalesce(o.address_postal_code, ''),
         o.commune_insee_code, c.name, o.department_code, c.latitude, c.longitude,
         o.latitude, o.longitude, o.status, coalesce(o.review_reason, ''),
         (extract(epoch FROM o.created_at) * 1000000)::bigint,
         (extract(epoch FROM o.updated_at) * 1000000)::bigint
  FROM organisations o JOIN communes c ON c.insee_code = o.commune_insee_code)sql";

// One organisation by id, read with every mission (GetMission) and before every change.
const PreparedStatement kSelectOrganisation("missions.organisation_store.select_organisation",
                                            absl::StrCat(kOrganisationColumns, " WHERE o.id = $1"));
const PreparedStatement kLockOrganisation(
    "missions.organisation_store.lock_organisation",
    absl::StrCat(kOrganisationColumns, " WHERE o.id = $1 FOR UPDATE OF o"));

const PreparedStatement kSelectManagers("missions.organisation_store.select_managers", R"sql(
  SELECT organisation_id, subject, coalesce(display_name, ''), coalesce(email, '')
  FROM organisation_managers WHERE organisation_id = ANY($1::uuid[])
  ORDER BY organisation_id, subject)sql");

constexpr char kSiretTaken[] = "SELECT 1 FROM organisations WHERE siret = $1";
constexpr char kRnaTaken[] = "SELECT 1 FROM organisations WHERE rna = $1";

constexpr char kInsertOrganisation[] = R"sql(
  INSERT INTO organisations (name, kind, siret, rna, network_slug, address_line, address_label,
                             address_street, address_postal_code, commune_insee_code,
                             department_code, latitude, longitude)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
  RETURNING id)sql";

constexpr char kInsertManager[] = R"sql(
  INSERT INTO organisation_managers (organisation_id, subject, display_name, email)
  VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING)sql";

constexpr char kIsManager[] = R"sql(
  SELECT 1 FROM organisation_managers WHERE organisation_id = $1 AND subject = $2)sql";

constexpr char kUpdateReview[] = R"sql(
  UPDATE organisations
  SET status = $2, review_reason = $3, reviewed_at = now(), reviewed_by = $4
  WHERE id = $1)sql";

// Filters $1..$4, visibility $5..$9, keyset $10/$11, limit $12.
constexpr char kListWhere[] = R"sql(
  WHERE ($1::text = '' OR o.department_code = $1)
    AND (cardinality($2::text[]) = 0 OR o.status = ANY($2::text[]))
    AND ($3::text = '' OR o.kind = $3)
    AND ($4::text = '' OR o.network_slug = $4)
    AND ($5::boolean OR o.status = 'VALIDATED' OR o.id = ANY($6::uuid[])
         OR o.department_code = ANY($7::text[]) OR o.network_slug = ANY($8::text[])
         OR ($9::text <> '' AND EXISTS (SELECT 1 FROM organisation_managers om
                                        WHERE om.organisation_id = o.id AND om.subject = $9)))
    AND ($10::text IS NULL OR (o.name, o.id) > ($10::text, $11::uuid))
  ORDER BY o.name, o.id
  LIMIT $12)sql";

std::optional<std::string> NullIfEmpty(const std::string& value) {
  if (value.empty()) return std::nullopt;
  return value;
}

v1::Organisation OrganisationFromRow(const pqxx::row& row) {
  v1::Organisation organisation;
  organisation.set_id(row[0].as<std::string>());
  organisation.set_name(row[1].as<std::string>());
  organisation.set_kind(OrganisationKindFromName(row[2].as<std::string>()));
  organisation.set_siret(row[3].as<std::string>());
  organisation.set_rna(row[4].as<std::string>());
  organisation.set_network_id(row[5].as<std::string>());
  v1::Address& address = *organisation.mutable_address();
  address.set_label(row[6].as<std::string>());
  address.set_street(row[7].as<std::string>());
  address.set_postal_code(row[8].as<std::string>());
  v1::Commune& commune = *address.mutable_commune();
  commune.set_insee_code(row[9].as<std::string>());
  commune.set_name(row[10].as<std::string>());
  commune.set_department_code(row[11].as<std::string>());
  commune.mutable_centroid()->set_latitude(row[12].as<double>());
  commune.mutable_centroid()->set_longitude(row[13].as<double>());
  address.mutable_location()->set_latitude(row[14].as<double>());
  address.mutable_location()->set_longitude(row[15].as<double>());
  organisation.set_status(OrganisationStatusFromName(row[16].as<std::string>()));
  organisation.set_status_reason(row[17].as<std::string>());
  *organisation.mutable_create_time() = TimestampFromMicros(row[18].as<int64_t>());
  *organisation.mutable_update_time() = TimestampFromMicros(row[19].as<int64_t>());
  return organisation;
}

// Fills the managers of `organisations` with one query.
void AttachManagers(pqxx::transaction_base& txn, std::vector<v1::Organisation>& organisations) {
  if (organisations.empty()) return;
  std::vector<std::string> ids;
  std::map<std::string, v1::Organisation*> by_id;
  for (v1::Organisation& organisation : organisations) {
    ids.push_back(organisation.id());
    by_id[organisation.id()] = &organisation;
  }
  for (const pqxx::row& row : kSelectManagers.Exec(txn, ToPgArray(ids))) {
    v1::OrganisationManager* manager = by_id[row[0].as<std::string>()]->add_managers();
    manager->set_user_id(row[1].as<std::string>());
    manager->set_display_name(row[2].as<std::string>());
    manager->set_email(row[3].as<std::string>());
  }
}

struct Decision {
  v1::OrganisationStatus from;
  v1::OrganisationStatus to;
};

Decision DecisionRule(v1::OrganisationReviewDecision decision) {
  switch (decision) {
    case v1::ORGANISATION_REVIEW_DECISION_VALIDATE:
      return {v1::ORGANISATION_STATUS_PENDING_REVIEW, v1::ORGANISATION_STATUS_VALIDATED};
    case v1::ORGANISATION_REVIEW_DECISION_REFUSE:
      return {v1::ORGANISATION_STATUS_PENDING_REVIEW, v1::ORGANISATION_STATUS_REFUSED};
    case v1::ORGANISATION_REVIEW_DECISION_SUSPEND:
      return {v1::ORGANISATION_STATUS_VALIDATED, v1::ORGANISATION_STATUS_SUSPENDED};
    case v1::ORGANISATION_REVIEW_DECISION_REINSTATE:
      return {v1::ORGANISATION_STATUS_SUSPENDED, v1::ORGANISATION_STATUS_VALIDATED};
    default:
      return {v1::ORGANISATION_STATUS_UNSPECIFIED, v1::ORGANISATION_STATUS_UNSPECIFIED};
  }
}

absl::Status InsertOrganisation(pqxx::work& txn, const v1::Organisation& organisation,
                                absl::string_view creator_subject, std::string& id) {
  if (!organisation.siret().empty() &&
      !txn.exec_params(kSiretTaken, organisation.siret()).empty()) {
    return absl::AlreadyExistsError(
        absl::StrCat("organisation.siret: ", organisation.siret(), " is already registered"));
  }
  if (!organisation.rna().empty() && !txn.exec_params(kRnaTaken, organisation.rna()).empty()) {
    return absl::AlreadyExistsError(
        absl::StrCat("organisation.rna: ", organisation.rna(), " is already registered"));
  }
  const v1::Address& address = organisation.address();
  ASSIGN_OR_RETURN(v1::Commune commune, ResolveCommune(txn, address.commune().insee_code(),
                                                       "organisation.address.commune.insee_code"));
  const v1::GeoPoint location = address.has_location() ? address.location() : commune.centroid();
  const std::string address_line = address.street().empty() ? commune.name() : address.street();
  id =
      txn.exec_params1(kInsertOrganisation, organisation.name(),
                       OrganisationKindName(organisation.kind()), NullIfEmpty(organisation.siret()),
                       NullIfEmpty(organisation.rna()), NullIfEmpty(organisation.network_id()),
                       address_line, NullIfEmpty(address.label()), NullIfEmpty(address.street()),
                       NullIfEmpty(address.postal_code()), commune.insee_code(),
                       commune.department_code(), location.latitude(), location.longitude())[0]
          .as<std::string>();
  for (const v1::OrganisationManager& manager : organisation.managers()) {
    txn.exec_params(kInsertManager, id, manager.user_id(), NullIfEmpty(manager.display_name()),
                    NullIfEmpty(manager.email()));
  }
  if (!creator_subject.empty()) {
    txn.exec_params(kInsertManager, id, std::string(creator_subject), std::optional<std::string>(),
                    std::optional<std::string>());
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::Organisation> ReadOrganisation(pqxx::transaction_base& txn, absl::string_view id,
                                                  bool for_update) {
  const pqxx::result rows = for_update ? kLockOrganisation.Exec(txn, std::string(id))
                                        : kSelectOrganisation.Exec(txn, std::string(id));
  if (rows.empty()) return absl::NotFoundError(absl::StrCat("organisation ", id, " not found"));
  std::vector<v1::Organisation> organisations = {OrganisationFromRow(rows[0])};
  AttachManagers(txn, organisations);
  return organisations[0];
}

absl::StatusOr<v1::Organisation> OrganisationStore::Create(const v1::Organisation& organisation,
                                                           absl::string_view creator_subject) {
  v1::Organisation created;
  RETURN_IF_ERROR(RunInTransaction(pool_, "creating an organisation", [&](pqxx::work& txn) {
    std::string id;
    RETURN_IF_ERROR(InsertOrganisation(txn, organisation, creator_subject, id));
    ASSIGN_OR_RETURN(created, ReadOrganisation(txn, id, false));
    AppendOutboxEvent(txn, "organisation.created", Aggregate::kOrganisation, id, created);
    return absl::OkStatus();
  }));
  return created;
}

absl::StatusOr<v1::Organisation> OrganisationStore::Get(absl::string_view id) {
  v1::Organisation organisation;
  RETURN_IF_ERROR(RunReadOnly(pool_, "reading an organisation", [&](pqxx::read_transaction& txn) {
    ASSIGN_OR_RETURN(organisation, ReadOrganisation(txn, id, false));
    return absl::OkStatus();
  }));
  return organisation;
}

absl::StatusOr<std::vector<v1::Organisation>> OrganisationStore::List(
    const v1::ListOrganisationsRequest& request, const Visibility& visibility, int limit,
    const std::vector<std::string>& after) {
  std::vector<std::string> statuses;
  for (int status : request.statuses()) {
    statuses.push_back(OrganisationStatusName(static_cast<v1::OrganisationStatus>(status)));
  }
  const std::string kind = request.kind() == v1::ORGANISATION_KIND_UNSPECIFIED
                               ? ""
                               : OrganisationKindName(request.kind());
  std::optional<std::string> after_name, after_id;
  if (after.size() == 2) {
    after_name = after[0];
    after_id = after[1];
  }
  std::vector<v1::Organisation> organisations;
  RETURN_IF_ERROR(RunReadOnly(pool_, "listing organisations", [&](pqxx::read_transaction& txn) {
    const pqxx::result rows = txn.exec_params(
        absl::StrCat(kOrganisationColumns, kListWhere), request.department_code(),
        ToPgArray(statuses), kind, request.network_id(), visibility.everything,
        ToPgArray(visibility.organisation_ids), ToPgArray(visibility.department_codes),
        ToPgArray(visibility.network_ids), visibility.manager_subject, after_name, after_id, limit);
    for (const pqxx::row& row : rows) organisations.push_back(OrganisationFromRow(row));
    AttachManagers(txn, organisations);
    return absl::OkStatus();
  }));
  return organisations;
}

absl::StatusOr<v1::Organisation> OrganisationStore::Review(
    absl::string_view id, v1::OrganisationReviewDecision decision, absl::string_view reason,
    absl::string_view reviewer,
    const std::function<absl::Status(const v1::Organisation&)>& authorize) {
  const Decision rule = DecisionRule(decision);
  v1::Organisation reviewed;
  RETURN_IF_ERROR(RunInTransaction(pool_, "reviewing an organisation", [&](pqxx::work& txn) {
    ASSIGN_OR_RETURN(v1::Organisation current, ReadOrganisation(txn, id, true));
    RETURN_IF_ERROR(authorize(current));
    if (current.status() != rule.from) {
      return absl::FailedPreconditionError(
          absl::StrCat("organisation ", id, " is ", OrganisationStatusName(current.status()), "; ",
                       v1::OrganisationReviewDecision_Name(decision), " applies only to ",
                       OrganisationStatusName(rule.from), " organisations"));
    }
    txn.exec_params(kUpdateReview, std::string(id), OrganisationStatusName(rule.to),
                    NullIfEmpty(std::string(reason)), std::string(reviewer));
    ASSIGN_OR_RETURN(reviewed, ReadOrganisation(txn, id, false));
    AppendOutboxEvent(txn, "organisation.reviewed", Aggregate::kOrganisation, id, reviewed);
    return absl::OkStatus();
  }));
  return reviewed;
}

absl::StatusOr<bool> OrganisationStore::IsManager(absl::string_view id, absl::string_view subject) {
  bool manager = false;
  RETURN_IF_ERROR(RunReadOnly(pool_, "reading managers", [&](pqxx::read_transaction& txn) {
    manager = !txn.exec_params(kIsManager, std::string(id), std::string(subject)).empty();
    return absl::OkStatus();
  }));
  return manager;
}

}  // namespace renfort::storage
