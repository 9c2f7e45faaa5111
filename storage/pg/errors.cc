#include "storage/pg/errors.h"

#include <exception>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"

namespace renfort::storage {
namespace {

absl::string_view FirstLine(absl::string_view text) {
  const size_t end = text.find('\n');
  absl::string_view line = end == absl::string_view::npos ? text : text.substr(0, end);
  constexpr absl::string_view kPrefix = "ERROR:  ";
  if (line.substr(0, kPrefix.size()) == kPrefix) line.remove_prefix(kPrefix.size());
  return line;
}

absl::StatusCode CodeForSqlState(const std::string& sqlstate) {
  if (sqlstate == "23505") return absl::StatusCode::kAlreadyExists;
  if (sqlstate == "40001" || sqlstate == "40P01") return absl::StatusCode::kAborted;
  if (sqlstate == "57014") return absl::StatusCode::kDeadlineExceeded;
  // Class 23 (integrity) and 22 (data exception: bad value, out of range) mean the request
  // carried a value the schema refuses.
  if (sqlstate.rfind("23", 0) == 0 || sqlstate.rfind("22", 0) == 0) {
    return absl::StatusCode::kInvalidArgument;
  }
  if (sqlstate.rfind("08", 0) == 0) return absl::StatusCode::kUnavailable;
  return absl::StatusCode::kInternal;
}

}  // namespace

absl::Status StatusFromCurrentException(absl::string_view context) {
  try {
    throw;
  } catch (const pqxx::broken_connection& e) {
    return absl::UnavailableError(absl::StrCat(context, ": database connection lost: ", FirstLine(e.what())));
  } catch (const pqxx::transaction_rollback& e) {
    // Serialization failures and deadlocks; in libpqxx 6 these are not sql_errors.
    return absl::AbortedError(absl::StrCat(context, ": ", FirstLine(e.what())));
  } catch (const pqxx::sql_error& e) {
    return absl::Status(CodeForSqlState(e.sqlstate()), absl::StrCat(context, ": ", FirstLine(e.what())));
  } catch (const pqxx::in_doubt_error& e) {
    return absl::UnavailableError(absl::StrCat(context, ": transaction outcome unknown: ", FirstLine(e.what())));
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat(context, ": ", FirstLine(e.what())));
  }
}

std::string RedactUrl(absl::string_view url) {
  // postgresql://user:password@host:port/db -> postgresql://user:***@host:port/db
  const size_t scheme_end = url.find("://");
  if (scheme_end == absl::string_view::npos) return std::string(url);
  const size_t authority_start = scheme_end + 3;
  const size_t at = url.find('@', authority_start);
  if (at == absl::string_view::npos) return std::string(url);
  const size_t colon = url.find(':', authority_start);
  if (colon == absl::string_view::npos || colon > at) return std::string(url);
  return absl::StrCat(url.substr(0, colon + 1), "***", url.substr(at));
}

}  // namespace renfort::storage
