#include "tools/renfortctl/import_progress.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace renfort::ctl {
namespace {

double RowsPerSecond(const ProgressSnapshot& s) {
  const double seconds = absl::ToDoubleSeconds(s.elapsed);
  return seconds > 0 ? static_cast<double>(s.rows) / seconds : 0;
}

std::optional<double> Fraction(const ProgressSnapshot& s) {
  if (!s.total_bytes.has_value() || *s.total_bytes <= 0) return std::nullopt;
  return std::clamp(static_cast<double>(s.bytes) / static_cast<double>(*s.total_bytes), 0.0, 1.0);
}

// "ETA 1m05s", from the byte rate so far; empty when unknown.
std::string Eta(const ProgressSnapshot& s) {
  const std::optional<double> fraction = Fraction(s);
  const double seconds = absl::ToDoubleSeconds(s.elapsed);
  if (!fraction.has_value() || *fraction <= 0 || seconds <= 0) return "";
  const int64_t left = static_cast<int64_t>(std::ceil(seconds * (1 - *fraction) / *fraction - 1e-6));
  if (left >= 60) return absl::StrFormat("ETA %dm%02ds", left / 60, left % 60);
  return absl::StrFormat("ETA %ds", left);
}

}  // namespace

std::string WithThousands(int64_t value) {
  std::string digits = absl::StrCat(value < 0 ? -value : value);
  std::string text;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) text += ',';
    text += digits[i];
  }
  return value < 0 ? "-" + text : text;
}

std::string ProgressBar(const ProgressSnapshot& s, int width) {
  std::string text;
  if (const std::optional<double> fraction = Fraction(s)) {
    const int filled = static_cast<int>(*fraction * width);
    absl::StrAppend(&text, "[", std::string(filled, '#'), std::string(width - filled, '-'), "] ",
                    absl::StrFormat("%3d%%", static_cast<int>(*fraction * 100)), "  ");
  }
  absl::StrAppend(&text, WithThousands(s.rows), " rows  ",
                  WithThousands(static_cast<int64_t>(RowsPerSecond(s))), " rows/s");
  if (s.rejected > 0) absl::StrAppend(&text, "  ", WithThousands(s.rejected), " rejected");
  if (const std::string eta = Eta(s); !eta.empty()) absl::StrAppend(&text, "  ", eta);
  return text;
}

std::string ProgressLine(const ProgressSnapshot& s) {
  std::string text = absl::StrCat(s.rows, " rows read (", s.rejected, " rejected), ",
                                  static_cast<int64_t>(RowsPerSecond(s)), " rows/s");
  if (const std::optional<double> fraction = Fraction(s)) {
    absl::StrAppend(&text, ", ", static_cast<int>(*fraction * 100), "% of the file");
  }
  if (const std::string eta = Eta(s); !eta.empty()) absl::StrAppend(&text, ", ", eta);
  return text;
}

void ProgressReporter::Update(const ProgressSnapshot& snapshot, absl::Time now) {
  const absl::Duration every = terminal_ ? absl::Milliseconds(200) : interval_;
  if (last_.has_value() && now - *last_ < every) return;
  last_ = now;
  if (terminal_) {
    // \33[K clears what a longer previous bar left.
    err_ << "\r" << ProgressBar(snapshot) << "\33[K" << std::flush;
    bar_drawn_ = true;
  } else {
    err_ << "import: " << ProgressLine(snapshot) << "\n" << std::flush;
  }
}

void ProgressReporter::Finish(const ProgressSnapshot& snapshot) {
  if (terminal_) {
    err_ << "\r" << ProgressBar(snapshot) << "\33[K\n" << std::flush;
    bar_drawn_ = false;
  } else {
    err_ << "import: " << ProgressLine(snapshot) << "\n" << std::flush;
  }
}

void ProgressReporter::Say(const std::string& text) {
  if (bar_drawn_) err_ << "\n";
  bar_drawn_ = false;
  err_ << "import: " << text << "\n" << std::flush;
}

}  // namespace renfort::ctl
