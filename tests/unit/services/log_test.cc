#include "services/common/log.h"

#include <gtest/gtest.h>

namespace renfort::services {
namespace {

TEST(FormatLogLine, WritesOneJsonObjectWithTypedFields) {
  EXPECT_EQ(FormatLogLine("2026-01-01T00:00:00.000Z", LogLevel::kInfo, "rpc",
                          {{"method", "/renfort.v1.MissionService/GetMission"},
                           {"port", int64_t{50051}},
                           {"latency_ms", 1.25},
                           {"ok", true}}),
            R"({"time":"2026-01-01T00:00:00.000Z","level":"info","event":"rpc",)"
            R"("method":"/renfort.v1.MissionService/GetMission","port":50051,)"
            R"("latency_ms":1.250,"ok":true})");
}

TEST(FormatLogLine, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(FormatLogLine("t", LogLevel::kError, "e", {{"reason", "a\"b\\c\nd\x01"}}),
            R"({"time":"t","level":"error","event":"e","reason":"a\"b\\c\nd\u0001"})");
}

}  // namespace
}  // namespace renfort::services
