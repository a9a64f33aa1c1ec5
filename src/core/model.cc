// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/model.h"

#include "core/codes.h"

namespace palermo {

std::string_view SexCode(Sex sex) {
  switch (sex) {
    case Sex::kFemale: return "female";
    case Sex::kMale: return "male";
    case Sex::kOther: return "other";
    case Sex::kUnknown: break;
  }
  return "unknown";
}

Result<Sex> ParseSexCode(std::string_view code) {
  for (Sex s : {Sex::kUnknown, Sex::kFemale, Sex::kMale, Sex::kOther})
    if (SexCode(s) == code) return s;
  return Status::InvalidArgument("sex must be female, male, other or unknown");
}

std::string_view VictimStatusCode(VictimStatus status) {
  switch (status) {
    case VictimStatus::kPossibleVictim: return "presumed";
    case VictimStatus::kActualVictim: return "identified";
    case VictimStatus::kNotAVictim: return "not_a_victim";
    case VictimStatus::kUnknown: break;
  }
  return "unknown";
}

Result<VictimStatus> ParseVictimStatusCode(std::string_view code) {
  for (VictimStatus s : {VictimStatus::kUnknown, VictimStatus::kPossibleVictim,
                         VictimStatus::kActualVictim, VictimStatus::kNotAVictim})
    if (VictimStatusCode(s) == code) return s;
  return Status::InvalidArgument("victim status must be presumed, identified, not_a_victim or unknown");
}

std::string_view EventTypeCode(EventType type) {
  switch (type) {
    case EventType::kRecruitment: return "recruitment";
    case EventType::kTransit: return "transit";
    case EventType::kExploitation: break;
  }
  return "exploitation";
}

Result<EventType> ParseEventTypeCode(std::string_view code) {
  for (EventType t : {EventType::kRecruitment, EventType::kTransit, EventType::kExploitation})
    if (EventTypeCode(t) == code) return t;
  return Status::InvalidArgument("event type must be recruitment, transit or exploitation");
}

std::string_view ConsentPurposeCode(ConsentPurpose purpose) {
  switch (purpose) {
    case ConsentPurpose::kReferral: return "referral";
    case ConsentPurpose::kDataSharing: return "data_sharing";
    case ConsentPurpose::kCrossBorderExchange: return "cross_border_exchange";
    case ConsentPurpose::kResearchStatistics: break;
  }
  return "research_statistics";
}

Result<ConsentPurpose> ParseConsentPurposeCode(std::string_view code) {
  for (ConsentPurpose p : {ConsentPurpose::kReferral, ConsentPurpose::kDataSharing,
                           ConsentPurpose::kCrossBorderExchange, ConsentPurpose::kResearchStatistics})
    if (ConsentPurposeCode(p) == code) return p;
  return Status::InvalidArgument(
      "consent purpose must be referral, data_sharing, cross_border_exchange or research_statistics");
}

std::optional<int> AgeAtIdentification(const CaseRecord& record) {
  if (record.age_at_identification) return record.age_at_identification;
  if (!record.identification_date) return std::nullopt;
  if (record.person.identifiers.birth_date)
    return AgeInYears(*record.person.identifiers.birth_date, *record.identification_date);
  return std::nullopt;
}

}  // namespace palermo
