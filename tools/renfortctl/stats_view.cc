#include "tools/renfortctl/stats_view.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/renfortctl/display.h"
#include "tools/renfortctl/flags.h"
#include "tools/renfortctl/participation_view.h"
#include "tools/renfortctl/table.h"

namespace renfort::ctl {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

std::string DurationText(const google::protobuf::Duration& duration) {
  const int64_t minutes = duration.seconds() / 60;
  if (minutes < 60) return absl::StrCat(minutes, " min");
  if (minutes < 48 * 60) return absl::StrCat(FormatNumber(minutes / 60.0, 1), " h");
  return absl::StrCat(FormatNumber(minutes / 1440.0, 1), " days");
}

std::string StatusCounts(const v1::ParticipationStats& stats) {
  std::vector<std::string> parts;
  for (const v1::ParticipationStatusCount& count : stats.status_counts()) {
    if (count.count() > 0)
      parts.push_back(absl::StrCat(ParticipationStatusName(count.status()), " ", count.count()));
  }
  return absl::StrJoin(parts, ", ");
}

std::string GroupKey(const v1::ParticipationStatsGroup& group) {
  if (!group.department_code().empty()) return group.department_code();
  if (group.domain() != 0) return DomainName(group.domain());
  if (!group.commune().insee_code().empty())
    return absl::StrCat(group.commune().name(), " (", group.commune().insee_code(), ")");
  if (!group.organisation_name().empty()) return group.organisation_name();
  return group.organisation_id();
}

std::vector<std::string> Row(const std::string& key, const v1::ParticipationStats& stats) {
  return {key,
          absl::StrCat(stats.participation_count()),
          absl::StrCat(stats.mission_count()),
          absl::StrCat(stats.places_filled(), "/", stats.places_offered()),
          FormatPercent(stats.fill_rate()),
          FormatNumber(stats.hours_given(), 1),
          FormatPercent(stats.no_show_rate()),
          FormatPercent(stats.remote_share())};
}

std::string CsvEscape(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::vector<const FieldDescriptor*> FieldsByNumber(const Descriptor& type) {
  std::vector<const FieldDescriptor*> fields;
  for (int i = 0; i < type.field_count(); ++i) fields.push_back(type.field(i));
  std::sort(fields.begin(), fields.end(), [](const FieldDescriptor* a, const FieldDescriptor* b) {
    return a->number() < b->number();
  });
  return fields;
}

std::string CellOf(const Message& row, const FieldDescriptor& field) {
  const Reflection& reflection = *row.GetReflection();
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return reflection.GetString(row, &field);
    case FieldDescriptor::CPPTYPE_INT32:
      return absl::StrCat(reflection.GetInt32(row, &field));
    case FieldDescriptor::CPPTYPE_INT64:
      return absl::StrCat(reflection.GetInt64(row, &field));
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return absl::StrCat(reflection.GetDouble(row, &field));
    case FieldDescriptor::CPPTYPE_BOOL:
      return reflection.GetBool(row, &field) ? "true" : "false";
    case FieldDescriptor::CPPTYPE_ENUM: {
      const std::string prefix = absl::StrCat(field.enum_type()->value(0)->name().substr(
          0, field.enum_type()->value(0)->name().size() - std::string("UNSPECIFIED").size()));
      const int value = reflection.GetEnumValue(row, &field);
      return value == 0 ? "" : EnumDisplayName(*field.enum_type(), prefix, value);
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      if (!reflection.HasField(row, &field)) return "";
      const Message& value = reflection.GetMessage(row, &field);
      if (const auto* time = dynamic_cast<const google::protobuf::Timestamp*>(&value)) {
        return google::protobuf::util::TimeUtil::ToString(*time);
      }
      std::string json = ToJson(value, /*one_line=*/true);
      json.pop_back();  // the newline
      return json;
    }
    default:
      return "";
  }
}

}  // namespace

std::string StatsText(const v1::GetParticipationStatsResponse& response) {
  const v1::ParticipationStats& total = response.total();
  std::string text = RenderFields({
      {"participations", absl::StrCat(total.participation_count())},
      {"by status", StatusCounts(total)},
      {"missions", absl::StrCat(total.mission_count())},
      {"places filled", absl::StrCat(total.places_filled(), " of ", total.places_offered())},
      {"fill rate", FormatPercent(total.fill_rate())},
      {"first application",
       total.has_median_time_to_first_application()
           ? absl::StrCat("median ", DurationText(total.median_time_to_first_application()),
                          " after publication")
           : ""},
      {"hours given", FormatNumber(total.hours_given(), 1)},
      {"no-show rate", FormatPercent(total.no_show_rate())},
      {"remote share", FormatPercent(total.remote_share())},
  });
  if (response.groups().empty()) return text;
  Table table(
      {"GROUP", "PARTICIPATIONS", "MISSIONS", "FILLED", "FILL RATE", "HOURS", "NO-SHOW", "REMOTE"});
  for (const v1::ParticipationStatsGroup& group : response.groups())
    table.AddRow(Row(GroupKey(group), group.stats()));
  return absl::StrCat(text, "\n", table.Render());
}

std::string CsvHeader(const Descriptor& row_type) {
  std::vector<std::string> names;
  for (const FieldDescriptor* field : FieldsByNumber(row_type)) names.push_back(field->name());
  return absl::StrCat(absl::StrJoin(names, ","), "\r\n");
}

std::string CsvLine(const Message& row) {
  std::vector<std::string> cells;
  for (const FieldDescriptor* field : FieldsByNumber(*row.GetDescriptor())) {
    cells.push_back(CsvEscape(CellOf(row, *field)));
  }
  return absl::StrCat(absl::StrJoin(cells, ","), "\r\n");
}

}  // namespace renfort::ctl
