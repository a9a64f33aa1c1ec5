// SPDX-License-Identifier: AGPL-3.0-or-later
// SqlTransaction: cases, their persons, sealed identifiers and blind index.
#include <algorithm>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/content_hash.h"
#include "store/migrations.h"
#include "store/sql_store_impl.h"

namespace palermo::store::internal {

Result<CaseId> SqlTransaction::InsertCase(const CaseRecord& r, std::string_view content_hash) {
  PALERMO_RETURN_IF_ERROR(Writable());
  PALERMO_RETURN_IF_ERROR(CheckCaseText(r, content_hash));
  const std::optional<std::string> identification = DateText(r.identification_date);
  const std::optional<std::string> sealed_notes =
      r.notes.empty() ? std::nullopt
                      : std::optional(keys_->Seal(r.notes, NotesContext(r.agency, r.local_id)));
  if (now_.empty()) now_ = NowIso8601();
  // Only the keyed hash and the sealed digest are stored (content_hash.h).
  const KeyedContent content = KeyContent(*keys_, content_hash, nonces_);
  const int64_t content_key = content.key;
  const Param case_params[] = {
      std::string_view(r.agency),
      std::string_view(r.local_id),
      std::string_view(content.hash),
      VictimStatusCode(r.victim_status),
      TextOrNull(identification),
      r.age_at_identification ? Param(int64_t{*r.age_at_identification}) : Param(),
      std::string_view(r.country_of_exploitation),
      sealed_notes ? Param(BlobView{*sealed_notes}) : Param(),
      std::string_view(now_),
      content_key,
      BlobView{content.sealed}};
  // A case with this content is looked up by its key and confirmed on the full hash (no
  // UNIQUE constraint since store v3, and none needed: writers are serialised on both
  // engines). A taken local id is refused by ON CONFLICT DO NOTHING: no SQL error, which on
  // PostgreSQL would end the transaction.
  CaseId case_id = 0;
  if (lease_->in_process()) {
    // Two statements, no round trip: a look-up, then the insert. The new id comes without
    // RETURNING, which would materialise the row in a temporary table first.
    PALERMO_ASSIGN_OR_RETURN(const bool same, SameContentStored(content_key, content.hash));
    if (same) return ContentStored();
    auto changed = lease_->Execute(
        "INSERT INTO case_record (agency, local_id, content_hash, victim_status, "
        "identification_date, age_at_identification, country_of_exploitation, notes, "
        "created_at, content_key, content_sealed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
        "$10, $11) ON CONFLICT DO NOTHING",
        case_params);
    if (!changed.ok()) return Poison(changed.status());
    if (*changed == 0) return LocalIdTaken(r);
    auto id = lease_->LastInsertId();
    if (!id.ok()) return Poison(id.status());
    case_id = *id;
  } else {
    // One round trip: the look-up is part of the insert (its parameters typed, since an
    // INSERT ... SELECT does not type them from the target columns). Nothing returned means
    // a duplicate of either kind, told apart by a second look-up on that rare path only.
    auto inserted = lease_->Query(
        "INSERT INTO case_record (agency, local_id, content_hash, victim_status, "
        "identification_date, age_at_identification, country_of_exploitation, notes, "
        "created_at, content_key, content_sealed) SELECT $1::text, $2::text, $3::text, "
        "$4::text, $5::text, $6::integer, $7::text, $8::bytea, $9::text, $10::bigint, "
        "$11::bytea WHERE NOT EXISTS (SELECT 1 "
        "FROM case_record WHERE content_key = $10::bigint AND content_hash = $3::text) "
        "ON CONFLICT DO NOTHING RETURNING id",
        case_params);
    if (!inserted.ok()) return Poison(inserted.status());
    if (inserted->empty()) {
      PALERMO_ASSIGN_OR_RETURN(const bool same, SameContentStored(content_key, content.hash));
      return same ? ContentStored() : LocalIdTaken(r);
    }
    case_id = AsInt((*inserted)[0][0]);
  }

  // The person shares the case's id: one row each, no second unique index to maintain.
  const PersonId person_id = case_id;
  const Param person_params[] = {
      person_id, SexCode(r.person.sex), std::string_view(r.person.gender_detail),
      std::string_view(r.person.citizenship),
      r.person.birth_year ? Param(int64_t{*r.person.birth_year}) : Param()};
  // Child rows are queued (FlushPending): one multi-row statement per table and 32 rows.
  person_queue_.Add(person_params);

  if (!lane_ && ++inserted_ > kLaneAfterCases && head_loaded_) {
    lane_ = std::make_unique<CryptoLane>(keys_, head_hash_);
  }
  if (!r.person.identifiers.empty()) {
    if (lane_) {
      lane_->Seal(person_id, r.person.identifiers);
    } else {
      PALERMO_RETURN_IF_ERROR(WriteIdentifiers(person_id, r.person.identifiers, /*update=*/false));
    }
  }
  int64_t ordinal = 0;
  for (size_t form_idx = 0; form_idx < r.forms.size(); ++form_idx) {
    const std::string& form = r.forms[form_idx];
    if (std::find(r.forms.begin(), r.forms.begin() + form_idx, form) !=
        r.forms.begin() + form_idx) {
      continue;  // a form is recorded once per case
    }
    const Param params[] = {case_id, ordinal++, std::string_view(form)};
    form_queue_.Add(params);
  }
  for (size_t event_idx = 0; event_idx < r.events.size(); ++event_idx) {
    const TraffickingEvent& e = r.events[event_idx];
    const std::optional<std::string> start = DateText(e.start);
    const std::optional<std::string> end = DateText(e.end);
    const std::string means = JoinCodes(e.means_of_control);
    const Param params[] = {case_id,
                            static_cast<int64_t>(event_idx),
                            EventTypeCode(e.type),
                            std::string_view(e.country),
                            std::string_view(e.place),
                            TextOrNull(start),
                            TextOrNull(end),
                            std::string_view(means)};
    event_queue_.Add(params);
  }
  PALERMO_RETURN_IF_ERROR(
      AppendAudit("insert_case", "case", std::to_string(case_id), "", "agency=" + r.agency));
  if (person_queue_.rows() >= kMaxQueuedCases) {
    PALERMO_RETURN_IF_ERROR(FlushPending(/*wait_for_lane=*/false));
  }
  return case_id;
}

Result<bool> SqlTransaction::HasContentHash(std::string_view content_hash) {
  PALERMO_RETURN_IF_ERROR(Usable());
  PALERMO_RETURN_IF_ERROR(CheckText(content_hash, "content_hash"));
  const std::string keyed = keys_->ContentHash(content_hash);
  const Param params[] = {std::string_view(keyed), ContentKey(keyed)};
  auto rows = lease_->Query(
      "SELECT 1 FROM case_record WHERE content_key = $2 AND content_hash = $1 UNION ALL "
      "SELECT 1 FROM quarantine WHERE content_hash = $1 LIMIT 1",
      params);
  if (!rows.ok()) return Poison(rows.status());
  return !rows->empty();
}

Result<std::string> SqlTransaction::GeneratedLocalId(std::string_view content_hash) {
  PALERMO_RETURN_IF_ERROR(Usable());
  if (content_hash.empty()) return Status::InvalidArgument("empty content hash");
  return internal::GeneratedLocalId(keys_->ContentHash(content_hash));
}

Result<CaseRecord> SqlTransaction::GetCase(CaseId id, bool with_identifiers,
                                           std::string_view purpose) {
  PALERMO_RETURN_IF_ERROR(Usable());
  if (with_identifiers && purpose.empty()) {
    return Status::InvalidArgument("reading identifiers needs a purpose");
  }
  const Param filter[] = {id};
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<CaseRecord> cases,
      ReadCases("case_record c", " WHERE c.id = $1", filter, false, with_identifiers));
  if (cases.empty()) return Status::NotFound("no case " + std::to_string(id));
  if (with_identifiers) {
    PALERMO_RETURN_IF_ERROR(
        AppendAudit("read_identifiers", "case", std::to_string(id), purpose, ""));
  }
  return std::move(cases[0]);
}

Result<std::vector<CaseRecord>> SqlTransaction::ListCases(std::string_view agency,
                                                          bool with_identifiers,
                                                          std::string_view purpose) {
  PALERMO_RETURN_IF_ERROR(Usable());
  if (with_identifiers && purpose.empty()) {
    return Status::InvalidArgument("reading identifiers needs a purpose");
  }
  PALERMO_RETURN_IF_ERROR(CheckText(agency, "agency"));
  const Param filter[] = {agency};
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<CaseRecord> cases,
      agency.empty()
          ? ReadCases("case_record c", "", {}, false, with_identifiers)
          : ReadCases("case_record c", " WHERE c.agency = $1", filter, false, with_identifiers));
  if (with_identifiers) {
    PALERMO_RETURN_IF_ERROR(AppendAudit("read_identifiers", "case",
                                        agency.empty() ? "*" : std::string(agency), purpose,
                                        "cases=" + std::to_string(cases.size())));
  }
  return cases;
}

Result<std::vector<CaseRecord>> SqlTransaction::ListCasesPage(std::string_view agency,
                                                              CaseId before, int limit) {
  PALERMO_RETURN_IF_ERROR(Usable());
  if (limit < 1 || limit > kMaxPageCases) {
    return Status::InvalidArgument("a page holds 1 to " + std::to_string(kMaxPageCases) +
                                   " cases, not " + std::to_string(limit));
  }
  if (before < 0) return Status::InvalidArgument("a page cannot start before a negative id");
  PALERMO_RETURN_IF_ERROR(CheckText(agency, "agency"));
  const int64_t below = before == 0 ? std::numeric_limits<int64_t>::max() : before;
  // The page's ids come from one index range scan (case_record_agency_id, or the primary key
  // for every agency); the rows, forms and events are then fetched by key for those ids only.
  if (agency.empty()) {
    const Param params[] = {below, int64_t{limit}};
    return ReadCases(
        "(SELECT id FROM case_record WHERE id < $1 ORDER BY id DESC LIMIT $2) s "
        "JOIN case_record c ON c.id = s.id",
        "", params, /*newest_first=*/true, /*with_identifiers=*/false);
  }
  const Param params[] = {agency, below, int64_t{limit}};
  return ReadCases(
      "(SELECT id FROM case_record WHERE agency = $1 AND id < $2 ORDER BY id DESC LIMIT $3) s "
      "JOIN case_record c ON c.id = s.id",
      "", params, /*newest_first=*/true, /*with_identifiers=*/false);
}

Result<int64_t> SqlTransaction::CountCases() {
  PALERMO_RETURN_IF_ERROR(Usable());
  auto rows = lease_->Query("SELECT count(*) FROM case_record", {});
  if (!rows.ok()) return Poison(rows.status());
  return AsInt((*rows)[0][0]);
}

Result<std::vector<CaseId>> SqlTransaction::FindCasesByIdentifier(IdentifierKind kind,
                                                                  std::string_view value) {
  PALERMO_RETURN_IF_ERROR(Usable());
  const std::string normalised = NormaliseIdentifier(kind, value);
  std::vector<CaseId> ids;
  if (normalised.empty()) return ids;
  const int64_t kind_code = IdentifierKindCode(kind);
  DrainLane();
  PALERMO_RETURN_IF_ERROR(FlushBlindIndex());
  const Param params[] = {kind_code, keys_->BlindHash(static_cast<int>(kind_code), normalised)};
  // A person's id is its case's id.
  auto rows = lease_->Query(
      "SELECT person_id FROM blind_index WHERE kind = $1 AND hash = $2 ORDER BY person_id", params);
  if (!rows.ok()) return Poison(rows.status());
  for (const SqlRow& row : *rows) {
    if (ids.empty() || ids.back() != AsInt(row[0])) ids.push_back(AsInt(row[0]));
  }
  return ids;
}

Result<bool> SqlTransaction::SameContentStored(int64_t content_key, std::string_view content_hash) {
  const Param params[] = {content_key, content_hash};
  auto rows = lease_->Query(
      "SELECT 1 FROM case_record WHERE content_key = $1 AND content_hash = $2 LIMIT 1", params);
  if (!rows.ok()) return Poison(rows.status());
  return !rows->empty();
}

Status SqlTransaction::ContentStored() {
  return Status::AlreadyExists("a case with this content hash is already stored");
}

Status SqlTransaction::LocalIdTaken(const CaseRecord& r) {
  return Status::AlreadyExists("agency " + r.agency + " already has a case with this local id");
}

Status SqlTransaction::WriteIdentifiers(PersonId person_id, const DirectIdentifiers& ids,
                                        bool update) {
  const std::string sealed = keys_->Seal(SerializeIdentifiers(ids), PersonContext(person_id));
  const Param params[] = {person_id, BlobView{sealed}};
  if (update) {
    PALERMO_RETURN_IF_ERROR(
        Exec("UPDATE person_identifiers SET sealed = $2 WHERE person_id = $1", params));
  } else {
    identifiers_queue_.Add(params);
  }
  // The index rows wait in memory until the transaction next reads blind_index or commits
  // (FlushBlindIndex): written then in key order, a batch's random keys touch each B-tree page
  // once, in order, instead of once per row at random.
  AddBlindRows(*keys_, person_id, ids, pending_blind_);
  if (pending_blind_.size() >= kMaxPendingBlindRows) return FlushBlindIndex();
  return Status::Ok();
}

Status SqlTransaction::FlushBlindIndex() {
  if (pending_blind_.empty()) return Status::Ok();
  std::sort(pending_blind_.begin(), pending_blind_.end());
  std::vector<Param> params;
  params.reserve(3 * kMaxRowsPerInsert);
  for (size_t i = 0; i < pending_blind_.size(); ++i) {
    const BlindRow& row = pending_blind_[i];
    params.push_back(row.kind);
    params.push_back(row.hash);
    params.push_back(row.person_id);
    if (params.size() == 3 * kMaxRowsPerInsert || i + 1 == pending_blind_.size()) {
      PALERMO_RETURN_IF_ERROR(Exec(BlindInsertSql(params.size() / 3), params));
      params.clear();
    }
  }
  pending_blind_.clear();
  return Status::Ok();
}

Result<std::vector<CaseRecord>> SqlTransaction::ReadCases(std::string_view from,
                                                          std::string_view where,
                                                          std::span<const Param> filter,
                                                          bool newest_first,
                                                          bool with_identifiers) {
  PALERMO_RETURN_IF_ERROR(FlushPending());
  const std::string source = std::string(from) + " ";
  // The cases, their forms, their events (and sealed identifiers) in one batch: one round trip
  // on PostgreSQL instead of one per query.
  const std::string case_sql =
      "SELECT c.id, c.agency, c.local_id, c.victim_status, c.identification_date, "
      "c.age_at_identification, c.country_of_exploitation, c.notes, p.id, p.sex, "
      "p.gender_detail, p.citizenship, p.birth_year FROM " +
      source + "JOIN person p ON p.id = c.id" + std::string(where) +
      (newest_first ? " ORDER BY c.id DESC" : " ORDER BY c.id");
  const std::string forms_sql = "SELECT f.case_id, f.form FROM " + source +
                                "JOIN case_form f ON f.case_id = c.id" + std::string(where) +
                                " ORDER BY f.case_id, f.ordinal";
  const std::string events_sql =
      "SELECT e.case_id, e.type, e.country, e.place, e.start_date, e.end_date, "
      "e.means_of_control FROM " +
      source + "JOIN trafficking_event e ON e.case_id = c.id" + std::string(where) +
      " ORDER BY e.case_id, e.ordinal";
  const std::string sealed_sql = "SELECT i.person_id, i.sealed FROM " + source +
                                 "JOIN person_identifiers i ON i.person_id = c.id" +
                                 std::string(where) + " ORDER BY i.person_id";
  std::vector<Connection::Statement> batch = {
      {case_sql, filter}, {forms_sql, filter}, {events_sql, filter}};
  if (with_identifiers) batch.push_back({sealed_sql, filter});
  auto results = lease_->QueryBatch(batch);
  if (!results.ok()) return Poison(results.status());
  const std::vector<SqlRow>* rows = &(*results)[0];
  const std::vector<SqlRow>* forms = &(*results)[1];
  const std::vector<SqlRow>* events = &(*results)[2];
  const std::vector<SqlRow>* sealed = with_identifiers ? &(*results)[3] : nullptr;
  std::vector<CaseRecord> cases;
  cases.reserve(rows->size());
  std::unordered_map<CaseId, size_t> index;
  std::unordered_map<PersonId, size_t> by_person;
  for (const SqlRow& row : *rows) {
    CaseRecord& c = cases.emplace_back();
    c.id = AsInt(row[0]);
    c.agency = AsText(row[1]);
    c.local_id = AsText(row[2]);
    PALERMO_ASSIGN_OR_RETURN(c.victim_status, ParseVictimStatusCode(AsText(row[3])));
    PALERMO_ASSIGN_OR_RETURN(c.identification_date, ParseDateColumn(row[4], "identification_date"));
    if (!IsNull(row[5])) c.age_at_identification = static_cast<int>(AsInt(row[5]));
    c.country_of_exploitation = AsText(row[6]);
    if (with_identifiers && !IsNull(row[7])) {
      PALERMO_ASSIGN_OR_RETURN(c.notes,
                               keys_->Open(AsText(row[7]), NotesContext(c.agency, c.local_id)));
    }
    c.person.id = AsInt(row[8]);
    PALERMO_ASSIGN_OR_RETURN(c.person.sex, ParseSexCode(AsText(row[9])));
    c.person.gender_detail = AsText(row[10]);
    c.person.citizenship = AsText(row[11]);
    if (!IsNull(row[12])) c.person.birth_year = static_cast<int>(AsInt(row[12]));
    index.emplace(c.id, cases.size() - 1);
    by_person.emplace(c.person.id, cases.size() - 1);
  }
  if (cases.empty()) return cases;

  for (const SqlRow& row : *forms) {
    if (auto it = index.find(AsInt(row[0])); it != index.end()) {
      cases[it->second].forms.emplace_back(AsText(row[1]));
    }
  }

  for (const SqlRow& row : *events) {
    auto it = index.find(AsInt(row[0]));
    if (it == index.end()) continue;
    TraffickingEvent e;
    PALERMO_ASSIGN_OR_RETURN(e.type, ParseEventTypeCode(AsText(row[1])));
    e.country = AsText(row[2]);
    e.place = AsText(row[3]);
    PALERMO_ASSIGN_OR_RETURN(e.start, ParseDateColumn(row[4], "event start"));
    PALERMO_ASSIGN_OR_RETURN(e.end, ParseDateColumn(row[5], "event end"));
    e.means_of_control = SplitCodes(AsText(row[6]));
    cases[it->second].events.push_back(std::move(e));
  }

  if (with_identifiers) {
    for (const SqlRow& row : *sealed) {
      const PersonId person_id = AsInt(row[0]);
      auto it = by_person.find(person_id);
      if (it == by_person.end()) continue;
      PALERMO_ASSIGN_OR_RETURN(std::string plain,
                               keys_->Open(AsText(row[1]), PersonContext(person_id)));
      PALERMO_ASSIGN_OR_RETURN(cases[it->second].person.identifiers, ParseIdentifiers(plain));
    }
  }
  return cases;
}

}  // namespace palermo::store::internal
