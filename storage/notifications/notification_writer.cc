#include "storage/notifications/notification_writer.h"

#include <optional>
#include <string>

#include <pqxx/pqxx>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "renfort/v1/mission.pb.h"
#include "renfort/v1/participation.pb.h"
#include "storage/notifications/notification_schema.h"
#include "storage/outbox.h"
#include "storage/pg/transaction.h"
#include "storage/status_macros.h"

namespace renfort::storage {
namespace {

namespace v1 = renfort::v1;

// Share of the places held from which the organisation hears the mission is almost full.
constexpr int kAlmostFullPercent = 80;

// What one notification says; ids left empty are not stored.
struct Message {
  std::string kind;
  std::string title;
  std::string body;
  std::string mission_id;
  std::string participation_id;
  std::string invitation_id;
};

// Ids travel as text; anything that is not a UUID cannot name a row here (and would make the
// ::uuid casts fail the whole batch forever), so it is skipped.
bool IsUuid(absl::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !absl::ascii_isxdigit(text[i])) return false;
  }
  return true;
}

// One insert for every recipient kind: the SELECT yields the recipients, the payload and the
// dedup key are built from them. A deleted volunteer yields no row.
constexpr char kPayload[] = R"sql(
  jsonb_strip_nulls(jsonb_build_object('title', $2::text, 'body', $3::text,
    'mission_id', NULLIF($4, ''), 'participation_id', NULLIF($5, ''),
    'invitation_id', NULLIF($6, ''))))sql";

int InsertForVolunteer(pqxx::work& txn, const Event& event, const std::string& volunteer_id,
                       const Message& message) {
  if (!IsUuid(volunteer_id)) return 0;
  return static_cast<int>(
      txn.exec_params(
             absl::StrCat(
                 "INSERT INTO notifications (recipient_kind, recipient_id, kind, payload, "
                 "  dedup_key, source_event_id) "
                 "SELECT 'VOLUNTEER', v.id::text, $1::text, ", kPayload, ", "
                 "  $7::text || ':VOLUNTEER:' || v.id, $7::uuid "
                 "FROM volunteers v WHERE v.id = $8::uuid AND v.status <> 'DELETED' "
                 "ON CONFLICT (dedup_key) DO NOTHING"),
             message.kind, message.title, message.body, message.mission_id,
             message.participation_id, message.invitation_id, event.event_id, volunteer_id)
          .affected_rows());
}

struct MissionRow {
  std::string title;
  std::string organisation_id;
  int places = 0;
  int places_held = 0;
};

std::optional<MissionRow> ReadMission(pqxx::work& txn, const std::string& mission_id) {
  if (!IsUuid(mission_id)) return std::nullopt;
  const pqxx::result rows = txn.exec_params(
      "SELECT title, organisation_id::text, places, places_held FROM missions WHERE id = $1::uuid",
      mission_id);
  if (rows.empty()) return std::nullopt;
  return MissionRow{.title = rows[0][0].as<std::string>(),
                    .organisation_id = rows[0][1].as<std::string>(),
                    .places = rows[0][2].as<int>(),
                    .places_held = rows[0][3].as<int>()};
}

std::string Quoted(const std::string& title) { return absl::StrCat("« ", title, " »"); }

// Sent once per mission and threshold (the key names no event): a mission that fills, frees a
// place and fills again does not notify twice.
int NotifyOrganisationIfFilling(pqxx::work& txn, const Event& event, const std::string& mission_id) {
  const std::optional<MissionRow> mission = ReadMission(txn, mission_id);
  if (!mission.has_value()) return 0;
  Message message{.mission_id = mission_id};
  if (mission->places_held >= mission->places) {
    message.kind = kMissionFullKind;
    message.title = absl::StrCat("La mission ", Quoted(mission->title), " est complète");
    message.body = absl::StrCat("Les ", mission->places,
                                " places de la mission sont pourvues. Les nouvelles candidatures "
                                "rejoignent la liste d'attente.");
  } else if (mission->places >= 2 && mission->places_held * 100 >= mission->places * kAlmostFullPercent) {
    message.kind = kMissionAlmostFullKind;
    const int left = mission->places - mission->places_held;
    message.title = absl::StrCat("La mission ", Quoted(mission->title), " est presque complète");
    message.body = absl::StrCat(mission->places_held, " places sur ", mission->places,
                                " sont pourvues, il en reste ", left, ".");
  } else {
    return 0;
  }
  return static_cast<int>(
      txn.exec_params(
             absl::StrCat(
                 "INSERT INTO notifications (recipient_kind, recipient_id, kind, payload, "
                 "  dedup_key, source_event_id) "
                 "VALUES ('ORGANISATION', $8::text, $1::text, ", kPayload, ", "
                 "  $1::text || ':' || $4::text || ':ORGANISATION:' || $8::text, $7::uuid) "
                 "ON CONFLICT (dedup_key) DO NOTHING"),
             message.kind, message.title, message.body, message.mission_id, std::string(),
             std::string(), event.event_id, mission->organisation_id)
          .affected_rows());
}

int OnParticipationEvent(pqxx::work& txn, const Event& event) {
  v1::Participation participation;
  if (!participation.ParseFromString(event.payload)) return 0;
  int written = 0;
  if (event.type == "participation.transitioned" && participation.transitions_size() > 0) {
    const v1::ParticipationTransition& last =
        participation.transitions(participation.transitions_size() - 1);
    const std::optional<MissionRow> mission = ReadMission(txn, participation.mission_id());
    if (mission.has_value()) {
      Message message{.mission_id = participation.mission_id(),
                      .participation_id = participation.id()};
      const bool from_waitlist = last.from_status() == v1::PARTICIPATION_STATUS_WAITLISTED;
      const v1::ParticipationStatus to = last.to_status();
      if (from_waitlist && (to == v1::PARTICIPATION_STATUS_ACCEPTED ||
                            to == v1::PARTICIPATION_STATUS_PENDING ||
                            to == v1::PARTICIPATION_STATUS_IN_REVIEW)) {
        message.kind = kWaitlistPromotedKind;
        message.title = absl::StrCat("Une place s'est libérée pour la mission ",
                                     Quoted(mission->title));
        message.body = to == v1::PARTICIPATION_STATUS_ACCEPTED
                           ? "Vous quittez la liste d'attente : votre participation est acceptée."
                           : "Vous quittez la liste d'attente : votre candidature est maintenant "
                             "examinée par l'organisation.";
      } else if (to == v1::PARTICIPATION_STATUS_ACCEPTED) {
        message.kind = kParticipationAcceptedKind;
        message.title = absl::StrCat("Votre participation à la mission ", Quoted(mission->title),
                                     " est acceptée");
        message.body = "L'organisation a accepté votre candidature. Merci pour votre engagement !";
      } else if (to == v1::PARTICIPATION_STATUS_REFUSED) {
        message.kind = kParticipationRefusedKind;
        message.title = absl::StrCat("Votre candidature à la mission ", Quoted(mission->title),
                                     " n'a pas été retenue");
        message.body = "L'organisation n'a pas retenu votre candidature. D'autres missions "
                       "vous attendent sur renfort.";
      }
      if (!message.kind.empty()) {
        written += InsertForVolunteer(txn, event, participation.volunteer_id(), message);
      }
    }
  }
  return written + NotifyOrganisationIfFilling(txn, event, participation.mission_id());
}

// Read from the row rather than the payload: the invitation's mission and volunteer are what
// the database says, whoever wrote the event.
int OnInvitationCreated(pqxx::work& txn, const Event& event) {
  if (!IsUuid(event.aggregate_id)) return 0;
  const pqxx::result rows = txn.exec_params(
      "SELECT mission_id::text, volunteer_id::text FROM invitations WHERE id = $1::uuid",
      event.aggregate_id);
  if (rows.empty()) return 0;
  const std::string mission_id = rows[0][0].as<std::string>();
  const std::optional<MissionRow> mission = ReadMission(txn, mission_id);
  if (!mission.has_value()) return 0;
  return InsertForVolunteer(
      txn, event, rows[0][1].as<std::string>(),
      Message{.kind = kInvitationReceivedKind,
              .title = absl::StrCat("Vous êtes invité·e à la mission ", Quoted(mission->title)),
              .body = "Une organisation pense que votre profil correspond à cette mission. "
                      "Répondez à l'invitation dans les 7 jours.",
              .mission_id = mission_id,
              .invitation_id = event.aggregate_id});
}

// The cancellation ended the active participations in the same transaction as its event:
// they are CANCELLED with reason MISSION_TERMINATED by the time the event is read.
int OnMissionCancelled(pqxx::work& txn, const Event& event) {
  v1::Mission mission;
  if (!mission.ParseFromString(event.payload) || !IsUuid(mission.id())) return 0;
  const std::optional<MissionRow> row = ReadMission(txn, mission.id());
  if (!row.has_value()) return 0;
  int written = 0;
  for (const pqxx::row& participant : txn.exec_params(
           "SELECT DISTINCT volunteer_id::text FROM participations "
           "WHERE mission_id = $1::uuid AND status = 'CANCELLED' AND reason = 'mission_terminated' "
           "ORDER BY 1",
           mission.id())) {
    written += InsertForVolunteer(
        txn, event, participant[0].as<std::string>(),
        Message{.kind = kMissionCancelledKind,
                .title = absl::StrCat("La mission ", Quoted(row->title), " est annulée"),
                .body = "L'organisation a annulé cette mission : votre participation est "
                        "annulée. Merci de votre disponibilité.",
                .mission_id = mission.id()});
  }
  return written;
}

// The coordinators' inbox is the département's (notification_schema.h): the mission's, or for
// a remote mission, which has none, its organisation's. Sent once per mission (the key names no
// event): resuming a paused mission publishes it again, but it is not new. A mission closed or
// cancelled before its event was handled is no news either.
constexpr char kInsertMissionPublished[] = R"sql(
  INSERT INTO notifications (recipient_kind, recipient_id, kind, payload, dedup_key,
                             source_event_id)
  SELECT 'COORDINATOR', d.code, $1::text,
         jsonb_build_object(
           'title', 'Nouvelle mission publiée : « ' || m.title || ' »',
           'body', 'L''organisation « ' || o.name || ' » a publié cette mission'
                   || CASE WHEN m.format = 'REMOTE' THEN ', à distance' ELSE '' END
                   || ' (' || m.places
                   || CASE WHEN m.places > 1 THEN ' places).' ELSE ' place).' END,
           'mission_id', m.id::text),
         $1::text || ':' || m.id || ':COORDINATOR:' || d.code, $2::uuid
  FROM missions m
  JOIN organisations o ON o.id = m.organisation_id
  CROSS JOIN LATERAL (SELECT coalesce(m.department_code, o.department_code) AS code) d
  WHERE m.id = $3::uuid AND m.status IN ('PUBLISHED', 'PAUSED')
  ON CONFLICT (dedup_key) DO NOTHING)sql";

int OnMissionPublished(pqxx::work& txn, const Event& event) {
  v1::Mission mission;
  if (!mission.ParseFromString(event.payload) || !IsUuid(mission.id())) return 0;
  return static_cast<int>(
      txn.exec_params(kInsertMissionPublished, std::string(kMissionPublishedKind), event.event_id,
                      mission.id())
          .affected_rows());
}

int WriteFor(pqxx::work& txn, const Event& event) {
  if (event.type == "participation.transitioned" || event.type == "participation.created") {
    return OnParticipationEvent(txn, event);
  }
  if (event.type == "invitation.created") return OnInvitationCreated(txn, event);
  if (event.type == "mission.cancelled") return OnMissionCancelled(txn, event);
  if (event.type == "mission.published") return OnMissionPublished(txn, event);
  return 0;
}

bool Concerns(const Event& event) {
  return event.type == "participation.transitioned" || event.type == "participation.created" ||
         event.type == "invitation.created" || event.type == "mission.cancelled" ||
         event.type == "mission.published";
}

}  // namespace

absl::StatusOr<int> WriteNotificationsForEvents(ConnectionPool& pool, absl::string_view consumer,
                                                const std::vector<Event>& events) {
  int written = 0;
  for (const Event& event : events) {
    if (!Concerns(event) || !IsUuid(event.event_id)) continue;
    int for_event = 0;
    RETURN_IF_ERROR(RunInTransaction(pool, "writing notifications", [&](pqxx::work& txn) {
      for_event = 0;
      if (!MarkEventProcessed(txn, consumer, event.event_id)) return absl::OkStatus();
      for_event = WriteFor(txn, event);
      return absl::OkStatus();
    }));
    written += for_event;
  }
  return written;
}

}  // namespace renfort::storage
