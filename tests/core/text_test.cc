#include "core/text.h"

#include "testing/testing.h"

namespace palermo {
namespace {

TEST(Text, FoldingIgnoresCaseAccentsAndScript) {
  EXPECT_EQ(FoldForLookup("  Côte   d'Ivoire "), "cote d'ivoire");
  EXPECT_EQ(FoldForLookup("ÉTHIOPIE"), "ethiopie");
  EXPECT_EQ(FoldForLookup("Олена"), "olena");
}

TEST(Text, InvalidUtf8IsFoundAtItsByte) {
  EXPECT_EQ(FirstInvalidUtf8Byte("caf\xC3\xA9"), std::nullopt);
  EXPECT_EQ(FirstInvalidUtf8Byte("abc\xE9xyz"), 3u);  // Latin-1 é
  EXPECT_EQ(FirstInvalidUtf8Byte("\xC3"), 0u);         // truncated sequence
}

}  // namespace
}  // namespace palermo
