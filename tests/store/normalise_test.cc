// SPDX-License-Identifier: AGPL-3.0-or-later
#include "store/store.h"
#include "testing/testing.h"

namespace palermo::store {
namespace {

TEST(NormaliseIdentifier, NamesFoldCaseAccentsAndSeparators) {
  EXPECT_EQ(NormaliseIdentifier(IdentifierKind::kFamilyName, "OKAFOR"), "okafor");
  EXPECT_EQ(NormaliseIdentifier(IdentifierKind::kFamilyName, " O'Kafor-Obi "), "okaforobi");
  EXPECT_EQ(NormaliseIdentifier(IdentifierKind::kGivenName, "Grâce"), "grace");
  EXPECT_EQ(NormaliseIdentifier(IdentifierKind::kGivenName, "ÉLODIE"), "elodie");
  EXPECT_EQ(NormaliseIdentifier(IdentifierKind::kFullName, "Nguyễn Thị Hoa"), "nguyenthihoa");
  // Other scripts are indexed under their ICU Latin transliteration; spelling variants of a
  // transliteration ("Mariya") are the link module's business, not an exact index's.
  EXPECT_EQ(NormaliseIdentifier(IdentifierKind::kFullName, "Мария Иванова"),
            NormaliseIdentifier(IdentifierKind::kFullName, "Maria Ivanova"));
  EXPECT_EQ(NormaliseIdentifier(IdentifierKind::kFamilyName, " - "), "");
}

TEST(NormaliseIdentifier, DatesDocumentsAndPhones) {
  EXPECT_EQ(NormaliseIdentifier(IdentifierKind::kBirthDate, "07/03/1998"), "1998-03-07");
  EXPECT_EQ(NormaliseIdentifier(IdentifierKind::kBirthDate, "1998-03-07"), "1998-03-07");
  EXPECT_EQ(NormaliseIdentifier(IdentifierKind::kBirthDate, "1998"), "1998");
  EXPECT_EQ(NormaliseIdentifier(IdentifierKind::kDocument, "a 12-34o"), "a12340");
  EXPECT_EQ(NormaliseIdentifier(IdentifierKind::kDocument, "A1234O"),
            NormaliseIdentifier(IdentifierKind::kDocument, "a12340"));
  EXPECT_EQ(NormaliseIdentifier(IdentifierKind::kPhone, "+234 (803) 555-0101"), "2348035550101");
}

}  // namespace
}  // namespace palermo::store
