// `renfortctl stats report` end to end: participations seeded with SQL into a scratch database,
// the real renfort-missions server on it, the real renfortctl writing report.html with a
// coordinator's token, then headless Chromium (Debian `chromium`) drawing the page to a PNG
// that libpng decodes: the page must hold the seeded figures and the picture must not be blank.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <png.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "tests/integration/participations/fixtures.h"
#include "tests/support/child_process.h"
#include "tests/support/running_server.h"
#include "tests/support/scratch_database.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_keys.h"

#ifndef RENFORTCTL_BIN
#error "RENFORTCTL_BIN must name the renfortctl binary"
#endif

namespace renfort::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

#define NBSP "\u00a0"

struct RunResult {
  std::optional<int> code;
  std::string output;  // stdout and stderr
};

RunResult RunToExit(const std::vector<std::string>& argv, absl::Duration timeout) {
  absl::StatusOr<std::unique_ptr<ChildProcess>> process = ChildProcess::Start(argv);
  EXPECT_THAT(process, IsOk());
  if (!process.ok()) return {};
  std::optional<int> code = (*process)->WaitForExit(timeout);
  return {code, (*process)->Output()};
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// The first executable named `name` on PATH, or "" when there is none.
std::string FindOnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream directories(path == nullptr ? "/usr/bin:/bin" : path);
  for (std::string directory; std::getline(directories, directory, ':');) {
    const std::string candidate = directory + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

struct Picture {
  int width = 0;
  int height = 0;
  std::vector<png_byte> rgb;  // 3 bytes per pixel, rows top to bottom
};

// Decodes `path` with libpng's simplified API; the error names the file and libpng's message.
absl::StatusOr<Picture> DecodePng(const std::string& path) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&image, path.c_str())) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", image.message));
  }
  image.format = PNG_FORMAT_RGB;
  Picture picture;
  picture.width = static_cast<int>(image.width);
  picture.height = static_cast<int>(image.height);
  picture.rgb.resize(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, picture.rgb.data(), 0, nullptr)) {
    png_image_free(&image);
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", image.message));
  }
  return picture;
}

// Pixels within `tolerance` of #rrggbb on every channel.
int64_t PixelsNear(const Picture& picture, uint32_t colour, int tolerance = 10) {
  const int r = (colour >> 16) & 0xff, g = (colour >> 8) & 0xff, b = colour & 0xff;
  int64_t count = 0;
  for (size_t i = 0; i + 2 < picture.rgb.size(); i += 3) {
    if (std::abs(picture.rgb[i] - r) <= tolerance &&
        std::abs(picture.rgb[i + 1] - g) <= tolerance &&
        std::abs(picture.rgb[i + 2] - b) <= tolerance) {
      ++count;
    }
  }
  return count;
}

// Nord, January 2030, weeks from Monday 7 January (the report runs with --until=2030-02-04
// --weeks=4). Organisation in Abancourt (59001); missions: Lille (solidarity, 10 places),
// Roubaix (education, 5 places), remote (education, 4 places, counted in Abancourt).
//   week of 7 Jan:  Lille 3 PENDING, 2 ACCEPTED
//   week of 14 Jan: Lille 1 DONE (3 h); Roubaix 2 REFUSED
//   week of 21 Jan: remote 4 PENDING
//   week of 28 Jan: Roubaix 1 ACCEPTED, 1 CANCELLED
// So 14 participations, 19 places offered, 4 filled, 4 of 14 remote; Lille 3/10 filled,
// education (Roubaix + remote) 1/9.
class StatsReportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    unsetenv("RENFORT_ENDPOINT");
    unsetenv("RENFORT_TOKEN");
    directory_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                           absl::StrCat("renfort-stats-report-", ::getpid()));
    std::filesystem::create_directories(*directory_);
    key_ = TestSigningKey::Generate(services::TokenAlgorithm::kEs256, "report").release();
    database_ = ScratchDatabase::CreateMigrated().release();
    ASSERT_NE(database_, nullptr);
    Seed(database_->url());
    server_ = RunningServer::Start({.binary = RENFORT_MISSIONS_BIN,
                                    .database_url = database_->url(),
                                    .jwt_key_files = {key_->public_key_file()}})
                  .release();
    ASSERT_NE(server_, nullptr);
    const RunResult token = RunToExit({RENFORTCTL_BIN, "token", "--role=coordinator", "--dept=59",
                                       "--key=" + key_->private_key_file()},
                                      absl::Seconds(60));
    ASSERT_EQ(token.code, 0) << token.output;
    report_run_ = new RunResult(RunToExit(
        {RENFORTCTL_BIN, "stats", "report", "--dept=59", "--weeks=4", "--until=2030-02-04",
         "--out=" + ReportPath().string(), absl::StrCat("--endpoint=127.0.0.1:", server_->port()),
         "--token=" + std::string(absl::StripAsciiWhitespace(token.output))},
        absl::Seconds(120)));
  }

  static void TearDownTestSuite() {
    delete report_run_;
    delete server_;
    delete database_;
    delete key_;
    if (directory_ != nullptr) std::filesystem::remove_all(*directory_);
    delete directory_;
  }

  static void Seed(const std::string& url) {
    Fixtures fixtures(url);
    const std::string org =
        fixtures.Organisation({.department_code = "59", .name = "Solidarité Nord"});
    const std::string published = "2030-01-02 00:00:00+00";
    const std::string lille = fixtures.Mission(org, {.title = "Épicerie solidaire",
                                                     .places = 10,
                                                     .published_at = published,
                                                     .communes = {"59350"}});
    const std::string roubaix = fixtures.Mission(org, {.title = "Aide aux devoirs",
                                                       .domain = "education",
                                                       .places = 5,
                                                       .published_at = published,
                                                       .communes = {"59512"}});
    const std::string remote = fixtures.Mission(org, {.title = "Soutien scolaire en ligne",
                                                      .format = "REMOTE",
                                                      .domain = "education",
                                                      .places = 4,
                                                      .published_at = published});
    auto add = [&](const std::string& mission, int count, const std::string& status,
                   const std::string& day) {
      for (int i = 0; i < count; ++i) {
        fixtures.Participation(mission, fixtures.Volunteer(),
                               {.status = status,
                                .created_at = absl::StrCat("2030-01-", day, " 10:00:00+00"),
                                .ended_at = absl::StrCat("2030-01-", day, " 18:00:00+00"),
                                .hours = status == "DONE" ? 3.0 : 0.0});
      }
    };
    add(lille, 3, "PENDING", "08");
    add(lille, 2, "ACCEPTED", "09");
    add(lille, 1, "DONE", "15");
    add(roubaix, 2, "REFUSED", "16");
    add(remote, 4, "PENDING", "22");
    add(roubaix, 1, "ACCEPTED", "29");
    add(roubaix, 1, "CANCELLED", "29");
  }

  static std::filesystem::path ReportPath() { return *directory_ / "report.html"; }

  static inline std::filesystem::path* directory_ = nullptr;
  static inline TestSigningKey* key_ = nullptr;
  static inline ScratchDatabase* database_ = nullptr;
  static inline RunningServer* server_ = nullptr;
  static inline RunResult* report_run_ = nullptr;
};

TEST_F(StatsReportTest, TheReportHoldsTheSeededFigures) {
  ASSERT_NE(report_run_, nullptr);
  ASSERT_EQ(report_run_->code, 0) << report_run_->output;
  EXPECT_THAT(report_run_->output, HasSubstr("wrote " + ReportPath().string()));
  const std::string html = ReadFile(ReportPath());
  EXPECT_THAT(html, HasSubstr("<title>Rapport de coordination — Département 59</title>"));
  EXPECT_THAT(html, HasSubstr("du 7 janv. 2030 au 4 févr. 2030 (4 semaines)"));
  EXPECT_THAT(html, HasSubstr("<dt>Participations</dt><dd>14</dd>"));
  EXPECT_THAT(html, HasSubstr("<dt>Missions actives</dt><dd>3</dd>"));
  EXPECT_THAT(html, HasSubstr("<dt>Places pourvues</dt><dd>4 / 19</dd>"));
  EXPECT_THAT(html, HasSubstr("<dt>Taux de remplissage</dt><dd>21,1" NBSP "%</dd>"));
  EXPECT_THAT(html, HasSubstr("<dt>Heures de bénévolat</dt><dd>3,0 h</dd>"));
  EXPECT_THAT(html, HasSubstr("<dt>Part à distance</dt><dd>28,6" NBSP "%</dd>"));
  // One bar per week, by status.
  EXPECT_THAT(html, HasSubstr("<title>Semaine du 07/01 — En attente : 3</title>"));
  EXPECT_THAT(html, HasSubstr("<title>Semaine du 07/01 — Acceptée : 2</title>"));
  EXPECT_THAT(html, HasSubstr("<title>Semaine du 14/01 — Refusée : 2</title>"));
  EXPECT_THAT(html, HasSubstr("<title>Semaine du 21/01 — En attente : 4</title>"));
  EXPECT_THAT(html, HasSubstr("<title>Semaine du 28/01 — Annulée : 1</title>"));
  EXPECT_THAT(html, Not(HasSubstr("Liste d&#39;attente")));
  // Fill rate by domain.
  EXPECT_THAT(html, HasSubstr("<title>Solidarité et insertion — 30,0" NBSP "% (3/10)</title>"));
  EXPECT_THAT(html, HasSubstr("<title>Éducation pour tous — 11,1" NBSP "% (1/9)</title>"));
  // Communes, busiest first: missions, places offered, filled, fill rate, participations.
  EXPECT_THAT(html,
              HasSubstr("<tr><td>Lille (59350)</td><td>1</td><td>10</td><td>3</td><td>30,0" NBSP
                        "%</td><td>6</td></tr>"
                        "<tr><td>Abancourt (59001)</td><td>1</td><td>4</td><td>0</td><td>0,0" NBSP
                        "%</td><td>4</td></tr>"
                        "<tr><td>Roubaix (59512)</td><td>1</td><td>5</td><td>1</td><td>20,0" NBSP
                        "%</td><td>4</td></tr>"));
}

TEST_F(StatsReportTest, ChromiumRendersTheReportToANonBlankPicture) {
  ASSERT_NE(report_run_, nullptr);
  ASSERT_EQ(report_run_->code, 0) << report_run_->output;
  const std::string chromium = FindOnPath("chromium");
  ASSERT_FALSE(chromium.empty())
      << "chromium is not installed (Debian package `chromium`, installed by scripts/setup): "
         "this test renders the report with headless Chromium and cannot pass without it";
  const std::filesystem::path png = *directory_ / "report.png";
  const RunResult rendered =
      RunToExit({chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--hide-scrollbars", "--no-first-run",
                 "--user-data-dir=" + (*directory_ / "chromium").string(),
                 // Paint everything before the screenshot: on a loaded machine the capture could
                 // otherwise catch half-drawn tiles.
                 "--run-all-compositor-stages-before-draw", "--virtual-time-budget=5000",
                 "--screenshot=" + png.string(), "--window-size=1200,1600",
                 "file://" + ReportPath().string()},
                absl::Seconds(180));
  ASSERT_EQ(rendered.code, 0) << rendered.output;
  ASSERT_TRUE(std::filesystem::exists(png)) << rendered.output;

  absl::StatusOr<Picture> picture = DecodePng(png.string());
  ASSERT_THAT(picture, IsOk());
  EXPECT_EQ(picture->width, 1200);
  EXPECT_EQ(picture->height, 1600);
  const int64_t pixels = static_cast<int64_t>(picture->width) * picture->height;
  std::set<uint32_t> colours;
  int64_t inked = 0;  // clearly darker than the page's white and light grey
  for (size_t i = 0; i + 2 < picture->rgb.size(); i += 3) {
    const int r = picture->rgb[i], g = picture->rgb[i + 1], b = picture->rgb[i + 2];
    colours.insert((r << 16) | (g << 8) | b);
    if (r < 200 || g < 200 || b < 200) ++inked;
  }
  EXPECT_GE(colours.size(), 50u) << "a blank or nearly blank page";
  EXPECT_GT(static_cast<double>(inked) / pixels, 0.02)
      << inked << " of " << pixels << " pixels are inked";
  // The charts themselves: bars of pending and accepted participations, the fill-rate bars and
  // the remote share ring, each in its colour (report_charts.cc).
  EXPECT_GT(PixelsNear(*picture, 0xfbbf24), 500) << "no pending bar";
  EXPECT_GT(PixelsNear(*picture, 0x3b82f6), 500) << "no accepted bar";
  EXPECT_GT(PixelsNear(*picture, 0x2563eb), 500) << "no fill-rate bar";
  EXPECT_GT(PixelsNear(*picture, 0x0d9488), 500) << "no remote share ring";
}

}  // namespace
}  // namespace renfort::testing
