// SPDX-License-Identifier: AGPL-3.0-or-later
// src/core/model.h: Palermo's case model, aligned with IOM's Human Trafficking Case Data
// Standard v2.0 (HTCDS, CC BY 4.0, https://github.com/UNMigration/HTCDS). Field comments give
// the HTCDS field each member carries.
//
// A Person's direct identifiers (names, birth date, documents, phones, addresses) are kept in
// a separate struct, DirectIdentifiers, so that code which must never see them (statistics,
// analysts' views, logs) can take a Person without them. The store encrypts every member of
// DirectIdentifiers at rest; nothing outside it is encrypted.
//
//   Person p;
//   p.sex = Sex::kFemale;
//   p.citizenship = "NGA";
//   p.identifiers.family_name = "…";   // never logged, encrypted at rest
//   CaseRecord c{.agency = "police", .local_id = "P-001", .person = p};
//   c.forms = {"sexual", "forced_labour"};
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/partial_date.h"
#include "core/result.h"

namespace palermo {

using OrganisationId = int64_t;
using PersonId = int64_t;
using CaseId = int64_t;

// prs_Gender, reduced to what statistics disaggregate by. Case files may record gender
// identity in more detail (HTCDS has six values); `gender_detail` keeps the HTCDS value.
enum class Sex { kUnknown, kFemale, kMale, kOther };
std::string_view SexCode(Sex sex);              // "unknown", "female", "male", "other"
Result<Sex> ParseSexCode(std::string_view code);  // inverse of SexCode

// vic_TraffickingStatus.
enum class VictimStatus { kUnknown, kPossibleVictim, kActualVictim, kNotAVictim };
std::string_view VictimStatusCode(VictimStatus status);  // "unknown", "presumed", "identified", "not_a_victim"
Result<VictimStatus> ParseVictimStatusCode(std::string_view code);

// org_* : an agency that records cases or provides services.
struct Organisation {
  OrganisationId id = 0;
  std::string code;  // short stable code used in mappings: "police", "ngo_shelter"
  std::string name;
  std::string type;  // "police", "labour_inspection", "ngo", "health", "immigration", ...
  std::string country;  // ISO 3166-1 alpha-3
};

// prs_FirstName, prs_LastName, prs_BirthDate, prs_Phone, prs_Address..., identity documents.
struct DirectIdentifiers {
  std::string given_name;
  std::string family_name;
  std::string full_name;  // as written when the source does not split it
  std::optional<PartialDate> birth_date;
  std::vector<std::string> document_numbers;
  std::vector<std::string> phones;
  std::string address;
  bool empty() const {
    return given_name.empty() && family_name.empty() && full_name.empty() && !birth_date &&
           document_numbers.empty() && phones.empty() && address.empty();
  }
};

struct Person {
  PersonId id = 0;
  Sex sex = Sex::kUnknown;
  std::string gender_detail;  // HTCDS prs_Gender value when given
  std::string citizenship;    // prs_Nationality, ISO 3166-1 alpha-3, empty when unknown
  std::optional<int> birth_year;  // kept outside the identifiers: needed for age statistics
  DirectIdentifiers identifiers;
};

// hte_Type.
enum class EventType { kRecruitment, kTransit, kExploitation };
std::string_view EventTypeCode(EventType type);
Result<EventType> ParseEventTypeCode(std::string_view code);

// hte_* Historic Trafficking Events.
struct TraffickingEvent {
  EventType type = EventType::kExploitation;
  std::string country;  // alpha-3
  std::string place;    // city or region, free text (not a direct identifier of the victim)
  std::optional<PartialDate> start;
  std::optional<PartialDate> end;
  std::vector<std::string> means_of_control;  // vic_MethodsOfControl values
};

// cas_* plus the vic_* victim context.
struct CaseRecord {
  CaseId id = 0;
  std::string agency;    // Organisation code that reported it
  std::string local_id;  // the agency's own record number; (agency, local_id) is unique
  Person person;
  VictimStatus victim_status = VictimStatus::kUnknown;
  std::optional<PartialDate> identification_date;  // cas_OpenDate / date of identification
  std::optional<int> age_at_identification;        // when no birth date is known
  std::vector<std::string> forms;                  // vic_TypeOfExploitation, Palermo codes (codes.h)
  std::string country_of_exploitation;             // alpha-3
  std::vector<TraffickingEvent> events;
  std::string notes;  // free text; treated as a direct identifier (encrypted)
};

// Age at identification when known, from the explicit age or from birth date/year.
std::optional<int> AgeAtIdentification(const CaseRecord& record);

// per_*: a perpetrator's role in the process.
struct Perpetrator {
  int64_t id = 0;
  CaseId case_id = 0;
  std::string role;  // per_RoleInProcess: recruiter, transporter, exploiter, ...
  std::string citizenship;
};

// con_*: consent is per purpose, given or withdrawn, with who and when.
enum class ConsentPurpose { kReferral, kDataSharing, kCrossBorderExchange, kResearchStatistics };
std::string_view ConsentPurposeCode(ConsentPurpose purpose);
Result<ConsentPurpose> ParseConsentPurposeCode(std::string_view code);

struct Consent {
  int64_t id = 0;
  PersonId person_id = 0;
  ConsentPurpose purpose = ConsentPurpose::kReferral;
  std::string with_organisation;  // for kDataSharing: the organisation code; else empty
  bool given = false;             // false after withdrawal
  std::string recorded_by;
  std::string given_at;      // ISO 8601 timestamp
  std::string withdrawn_at;  // empty unless withdrawn
};

// cas_ReferringOrganisation / cas_ReferredOrganisation: a referral between organisations.
struct Referral {
  int64_t id = 0;
  CaseId case_id = 0;
  std::string from_organisation;
  std::string to_organisation;
  std::string state;  // the NRM state machine's state name (referral module)
  std::string created_at;
};

// spl_Type: a service offered by an organisation.
struct Service {
  int64_t id = 0;
  std::string organisation;
  std::string type;  // shelter, medical, legal, psychosocial, interpretation, return, compensation
  std::string name;
};

}  // namespace palermo
