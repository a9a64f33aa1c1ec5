// SPDX-License-Identifier: AGPL-3.0-or-later
// The report as a browser shows it: headless Chromium (Debian `chromium`) renders the fixture's
// index.html from a file with networking off, and the screenshot is a real page. Labelled slow
// (a browser start takes seconds); skipped when chromium is not installed.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "fixture.h"
#include "publish/publish.h"
#include "testing/testing.h"

namespace palermo::publish {
namespace {

namespace fs = std::filesystem;
using ::palermo::testing::TempDir;
using ::testing::HasSubstr;

bool HaveChromium() { return std::system("command -v chromium >/dev/null 2>&1") == 0; }

// Runs `command`, returns its standard output.
std::string Capture(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
  pclose(pipe);
  return out;
}

uint32_t BigEndian32(const std::string& s, size_t at) {
  return static_cast<uint32_t>(static_cast<uint8_t>(s[at])) << 24 | static_cast<uint8_t>(s[at + 1]) << 16 |
         static_cast<uint8_t>(s[at + 2]) << 8 | static_cast<uint8_t>(s[at + 3]);
}

TEST(Screenshot, ChromiumRendersTheReportWithoutNetwork) {
  if (!HaveChromium()) GTEST_SKIP() << "chromium is not installed";
  auto report = MakeReport(testing::FixtureInput(), DisclosureOptions{});
  PALERMO_ASSERT_OK(report);
  TempDir dir;
  for (Lang lang : {Lang::kEn, Lang::kFr}) {
    const fs::path out = dir.path() / (lang == Lang::kFr ? "fr" : "en");
    PALERMO_ASSERT_OK(WriteReport(*report, out, lang));
    const std::string flags =
        " --headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run"
        " --proxy-server=127.0.0.1:9 --user-data-dir=" + (dir.path() / "profile").string();
    const std::string url = "file://" + fs::absolute(out / "index.html").string();
    // The DOM after rendering: the page's own title and charts are there.
    const std::string dom = Capture("chromium" + flags + " --dump-dom '" + url + "' 2>/dev/null");
    EXPECT_THAT(dom, HasSubstr(lang == Lang::kFr ? "Victimes détectées par sexe et groupe d"
                                                 : "Detected victims by sex and age group"));
    EXPECT_THAT(dom, HasSubstr("<svg"));
    // The screenshot (tests/publish/screenshot.sh does the same by hand).
    const fs::path png = out / "screenshot.png";
    const int rc = std::system(("chromium" + flags + " --window-size=1280,3000 --screenshot='" + png.string() + "' '" + url +
                 "' >/dev/null 2>&1")
                    .c_str());
    ASSERT_TRUE(fs::exists(png)) << "chromium wrote no screenshot (exit status " << rc << ")";
    const std::string bytes = testing::Slurp(png.string());
    ASSERT_GT(bytes.size(), 24u);
    EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_EQ(BigEndian32(bytes, 16), 1280u);  // IHDR width
    EXPECT_EQ(BigEndian32(bytes, 20), 3000u);  // IHDR height
    // A blank page of that size compresses to a few kilobytes; text, tables and bars do not.
    EXPECT_GT(bytes.size(), 50000u) << "the screenshot looks blank";
  }
}

}  // namespace
}  // namespace palermo::publish
