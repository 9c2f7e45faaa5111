// Hostile bytes into the import CSV parser: whole (ParseCsv) and streamed through a growing
// buffer the way CsvFileReader feeds it. The parser promises to be total, and a file must give
// the same records however it arrives, so any difference between the two is a bug.

#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "tools/renfortctl/import_csv.h"

namespace {

using renfort::ctl::CsvParser;
using renfort::ctl::CsvRecord;

bool SameRecords(const CsvRecord& a, const CsvRecord& b) {
  if (a.line != b.line || a.error != b.error || a.fields.size() != b.fields.size()) return false;
  for (size_t i = 0; i < a.fields.size(); ++i) {
    if (a.fields[i].text != b.fields[i].text || a.fields[i].quoted != b.fields[i].quoted) {
      return false;
    }
  }
  return true;
}

// Feeds `bytes` `chunk` bytes at a time; the buffer keeps what was not consumed.
std::vector<CsvRecord> ParseInPieces(std::string_view bytes, size_t chunk) {
  std::vector<CsvRecord> records;
  CsvParser parser;
  std::string buffer;
  size_t offset = 0;
  size_t fed = 0;
  CsvRecord record;
  while (true) {
    const bool complete = fed == bytes.size();
    switch (parser.Next(buffer, complete, &offset, &record)) {
      case CsvParser::Outcome::kRecord:
        records.push_back(record);
        break;
      case CsvParser::Outcome::kEnd:
        return records;
      case CsvParser::Outcome::kNeedMore: {
        if (complete) std::abort();  // kNeedMore on a complete input would loop for ever
        buffer.erase(0, offset);
        offset = 0;
        const size_t take = std::min(chunk, bytes.size() - fed);
        buffer.append(bytes.substr(fed, take));
        fed += take;
        break;
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks the piece size (1..256), the rest is the file.
  const size_t chunk = static_cast<size_t>(data[0]) + 1;
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);

  const std::vector<CsvRecord> whole = renfort::ctl::ParseCsv(bytes);
  const std::vector<CsvRecord> pieces = ParseInPieces(bytes, chunk);
  if (whole.size() != pieces.size()) std::abort();
  for (size_t i = 0; i < whole.size(); ++i) {
    if (!SameRecords(whole[i], pieces[i])) std::abort();
    for (const auto& field : whole[i].fields) renfort::ctl::IsValidText(field.text);
  }
  return 0;
}
