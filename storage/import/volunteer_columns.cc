#include "storage/import/volunteer_columns.h"

#include "renfort/v1/volunteer.pb.h"

namespace renfort::storage {
namespace {

namespace v1 = ::renfort::v1;

void DateOrNull(CopyText& row, bool present, const v1::Date& date) {
  if (present) {
    row.Date(date.year(), date.month(), date.day());
  } else {
    row.Null();
  }
}

}  // namespace

void AppendVolunteerProfile(const ImportedVolunteer& imported, CopyText& row) {
  const v1::Volunteer& v = imported.volunteer;
  const v1::Commune& commune = v.home_commune();
  const v1::DateRange& range = v.availability().date_range();
  row.Text(v.id());
  row.Text(v.first_name());
  row.Text(v.last_name());
  row.Text(v.email());
  row.TextOrNull(v.phone());
  row.Date(v.birth_date().year(), v.birth_date().month(), v.birth_date().day());
  row.Text(commune.insee_code());
  row.Double(commune.centroid().latitude());
  row.Double(commune.centroid().longitude());
  row.Text(commune.department_code());
  row.Int(v.max_travel_km());
  row.Bool(v.accepts_in_person());
  row.Bool(v.accepts_remote());
  DateOrNull(row, range.has_start_date(), range.start_date());
  DateOrNull(row, range.has_end_date(), range.end_date());
  row.Text(v.status() == v1::VOLUNTEER_STATUS_PAUSED ? "PAUSED" : "ACTIVE");
}

int64_t UnixMicros(const google::protobuf::Timestamp& timestamp) {
  return timestamp.seconds() * 1000000 + timestamp.nanos() / 1000;
}

}  // namespace renfort::storage
