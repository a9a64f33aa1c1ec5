// SPDX-License-Identifier: AGPL-3.0-or-later
// LinkStore: one audited read of the cases' identifiers, the link engine in memory, and one
// transaction that writes the persons, links, pairs to review and the run (persons.h).
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "persons/internal.h"

namespace palermo::persons {
namespace {

using internal::Int;
using internal::Real;
using internal::Str;

struct PreviousRun {
  int64_t full_run_id = 0;
  int64_t cases = 0;
  double threshold = 0, review_lower = 0, review_upper = 0;
  std::string model;
};

// What the read transaction saw.
struct Snapshot {
  std::vector<CaseRecord> cases;
  std::unordered_map<CaseId, int64_t> person_of;         // current assignments
  std::unordered_map<CaseId, std::string> fingerprint_of;  // opened
  std::vector<Decision> decisions;
  std::optional<PreviousRun> previous;
};

class UnionFind {
 public:
  explicit UnionFind(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  size_t Find(size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void Union(size_t a, size_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<size_t> parent_;
};

Result<Snapshot> ReadSnapshot(store::Store& store, const store::Actor& actor) {
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.BeginRead(actor));
  Snapshot s;
  PALERMO_ASSIGN_OR_RETURN(s.cases, tx->ListCases("", /*with_identifiers=*/true, kLinkagePurpose));
  PALERMO_ASSIGN_OR_RETURN(
      auto rows, tx->Query("SELECT case_id, person_id, fingerprint FROM persons_assignment"));
  for (const auto& r : rows) {
    const CaseId id = Int(r[0]);
    s.person_of[id] = Int(r[1]);
    Result<std::string> opened =
        tx->Open(Str(r[2]), "persons_fingerprint:" + std::to_string(id));
    // An unreadable fingerprint only makes the case count as changed.
    if (opened.ok()) s.fingerprint_of[id] = std::move(*opened);
  }
  PALERMO_ASSIGN_OR_RETURN(s.decisions, ListDecisions(*tx));
  PALERMO_ASSIGN_OR_RETURN(
      auto runs, tx->Query("SELECT id, cases, threshold, review_lower, review_upper, model FROM "
                           "persons_run WHERE mode = 'full' ORDER BY id DESC LIMIT 1"));
  if (!runs.empty())
    s.previous = PreviousRun{Int(runs[0][0]), Int(runs[0][1]), Real(runs[0][2]),
                             Real(runs[0][3]), Real(runs[0][4]), Str(runs[0][5])};
  PALERMO_RETURN_IF_ERROR(tx->Commit());  // keeps the audit entry of the read
  return s;
}

// Gives each cluster a person id: the earlier id most of its cases had (each id once), else
// kNew. `clusters` lists record indices.
std::vector<int64_t> StableIds(const std::vector<std::vector<uint32_t>>& clusters,
                               const std::vector<CaseId>& case_of,
                               const std::unordered_map<CaseId, int64_t>& person_of) {
  struct Vote {
    size_t count;
    size_t cluster;
    int64_t person;
  };
  std::vector<Vote> votes;
  for (size_t c = 0; c < clusters.size(); ++c) {
    std::map<int64_t, size_t> count;
    for (uint32_t r : clusters[c])
      if (auto it = person_of.find(case_of[r]); it != person_of.end()) ++count[it->second];
    for (const auto& [person, n] : count) votes.push_back({n, c, person});
  }
  std::sort(votes.begin(), votes.end(), [](const Vote& x, const Vote& y) {
    if (x.count != y.count) return x.count > y.count;
    if (x.person != y.person) return x.person < y.person;
    return x.cluster < y.cluster;
  });
  std::vector<int64_t> id(clusters.size(), 0);
  std::set<int64_t> used;
  for (const Vote& v : votes) {
    if (id[v.cluster] != 0 || used.count(v.person)) continue;
    id[v.cluster] = v.person;
    used.insert(v.person);
  }
  return id;
}

std::string_view ModeName(bool full) { return full ? "full" : "incremental"; }

std::string Parameters(const link::LinkOptions& o) {
  nlohmann::json j = {{"threshold", o.threshold},
                      {"review_lower", o.review_lower},
                      {"review_upper", o.review_upper},
                      {"bridge_probability", o.bridge_probability},
                      {"min_group_probability", o.min_group_probability},
                      {"max_block_size", o.blocking.max_block_size},
                      {"transliterate", o.normalise.transliterate},
                      {"use_variants", o.normalise.use_variants},
                      {"default_region", o.normalise.default_region},
                      {"seed", o.seed}};
  return j.dump();
}

}  // namespace

Result<RunSummary> LinkStore(store::Store& store, const store::Actor& actor,
                             const RunOptions& options) {
  auto progress = [&](std::string_view stage) {
    if (options.progress) options.progress(stage);
  };
  if (!internal::MayLink(actor.role)) {
    PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(actor));
    PALERMO_RETURN_IF_ERROR(tx->Audit("link_denied", "persons_run", "", kLinkagePurpose,
                                      "role " + actor.role));
    PALERMO_RETURN_IF_ERROR(tx->Commit());
    return Status::PermissionDenied("the role '" + actor.role +
                                    "' may not run the linkage (system, admin or analyst may)");
  }
  // Held until the results are written (and released if anything fails): a run that waited
  // reads the cases and persons after the previous run's results.
  PALERMO_ASSIGN_OR_RETURN(const std::unique_ptr<internal::RunLock> lock,
                           internal::RunLock::Acquire(store, actor, options));
  progress("read");
  PALERMO_ASSIGN_OR_RETURN(Snapshot snap, ReadSnapshot(store, actor));
  internal::LinkInput input = internal::MakeLinkInput(snap.cases);
  snap.cases.clear();  // identifiers are not needed past this point
  snap.cases.shrink_to_fit();

  // Record index (tables then rows, as the engine numbers them) <-> case id.
  std::vector<CaseId> case_of;
  std::unordered_map<CaseId, uint32_t> record_of;
  std::vector<std::pair<uint32_t, uint32_t>> place_of;  // record -> (table, row)
  for (size_t t = 0; t < input.case_ids.size(); ++t)
    for (size_t r = 0; r < input.case_ids[t].size(); ++r) {
      record_of[input.case_ids[t][r]] = static_cast<uint32_t>(case_of.size());
      case_of.push_back(input.case_ids[t][r]);
      place_of.emplace_back(static_cast<uint32_t>(t), static_cast<uint32_t>(r));
    }
  const size_t n = case_of.size();

  RunSummary summary;
  summary.cases = static_cast<int64_t>(n);
  const link::LinkOptions& asked = options.link;
  if (options.full) {
    summary.why_full = FullReason::kAsked;
  } else if (!snap.previous) {
    summary.why_full = FullReason::kFirstRun;
  } else if (snap.previous->threshold != asked.threshold ||
             snap.previous->review_lower != asked.review_lower ||
             snap.previous->review_upper != asked.review_upper) {
    summary.why_full = FullReason::kThresholds;
  }
  // Decisions on cases that exist; one the current persons contradict needs a full run.
  std::vector<link::Decision> decisions;
  for (const Decision& d : snap.decisions) {
    const auto a = record_of.find(d.case_a), b = record_of.find(d.case_b);
    if (a == record_of.end() || b == record_of.end()) continue;
    decisions.push_back({place_of[a->second].first, place_of[a->second].second,
                         place_of[b->second].first, place_of[b->second].second, d.same});
    const auto pa = snap.person_of.find(d.case_a), pb = snap.person_of.find(d.case_b);
    if (pa != snap.person_of.end() && pb != snap.person_of.end() &&
        (pa->second == pb->second) != d.same && summary.why_full == FullReason::kNotFull)
      summary.why_full = FullReason::kDecision;
  }
  summary.decisions = static_cast<int64_t>(decisions.size());
  summary.full = summary.why_full != FullReason::kNotFull;

  // Cases to link: all (full) or those new or changed since they were linked.
  std::vector<bool> changed(n, summary.full);
  size_t changed_count = summary.full ? n : 0;
  if (!summary.full)
    for (size_t i = 0; i < n; ++i) {
      const auto fp = snap.fingerprint_of.find(case_of[i]);
      if (!snap.person_of.count(case_of[i]) || fp == snap.fingerprint_of.end() ||
          fp->second != input.fingerprints[i]) {
        changed[i] = true;
        ++changed_count;
      }
    }
  std::vector<CaseId> removed;
  for (const auto& [id, person] : snap.person_of)
    if (!record_of.count(id)) removed.push_back(id);
  std::sort(removed.begin(), removed.end());
  summary.removed = static_cast<int64_t>(removed.size());
  summary.linked_cases = static_cast<int64_t>(changed_count);

  // New person of each record (0 = unchanged), and the engine's links and review pairs.
  std::vector<int64_t> new_person(n, 0);
  std::vector<link::PairExplanation> links, review;
  std::vector<std::vector<uint32_t>> fresh_groups;  // records that need a new person id
  if (changed_count > 0) {
    link::LinkOptions lo = asked;
    lo.decisions = decisions;
    lo.progress = options.progress;
    if (!summary.full) {
      PALERMO_ASSIGN_OR_RETURN(link::ModelParams model, ModelFromJson(snap.previous->model));
      // The prior odds that two records are the same person fall as the lists grow: the
      // matches grow with the cases, the pairs with their square, so the odds (small) scale
      // by (then - 1) / (now - 1). The same-list offset is kept.
      const double then = static_cast<double>(std::max<int64_t>(snap.previous->cases, 2));
      const double now = static_cast<double>(std::max<size_t>(n, 2));
      model.prior_log2_odds += std::log2((then - 1) / (now - 1));
      lo.model = model;
      lo.score_only_with = changed;
    }
    PALERMO_ASSIGN_OR_RETURN(link::LinkResult result, link::LinkTables(input.tables, lo));
    summary.stats = result.stats;
    summary.model = result.model;
    summary.date_columns = result.data.date_columns;
    links = std::move(result.links);
    review = std::move(result.review);
    if (summary.full) {
      std::vector<std::vector<uint32_t>> clusters(result.clusters.cluster_count);
      for (uint32_t i = 0; i < n; ++i) clusters[result.clusters.cluster_of[i]].push_back(i);
      const std::vector<int64_t> ids = StableIds(clusters, case_of, snap.person_of);
      for (size_t c = 0; c < clusters.size(); ++c) {
        if (ids[c] == 0) {
          fresh_groups.push_back(clusters[c]);
          continue;
        }
        for (uint32_t r : clusters[c]) new_person[r] = ids[c];
      }
    } else {
      // Changed records join each other through links and "same" decisions, then the existing
      // person they link to most strongly, unless a "different" decision forbids it.
      const double link_log2 = link::Log2FromProbability(asked.threshold);
      UnionFind groups(n);
      std::set<std::pair<CaseId, CaseId>> different;
      std::multimap<uint32_t, int64_t> must_join;  // record -> person a "same" decision names
      for (const Decision& d : snap.decisions) {
        const auto a = record_of.find(d.case_a), b = record_of.find(d.case_b);
        if (a == record_of.end() || b == record_of.end()) continue;
        if (!d.same) {
          different.insert({d.case_a, d.case_b});
          continue;
        }
        if (changed[a->second] && changed[b->second]) groups.Union(a->second, b->second);
        for (const auto& [x, y] : {std::pair{a->second, b->second}, std::pair{b->second, a->second}})
          if (changed[x] && !changed[y]) must_join.emplace(x, snap.person_of.at(case_of[y]));
      }
      auto is_different = [&](CaseId x, CaseId y) {
        return different.count({std::min(x, y), std::max(x, y)}) > 0;
      };
      for (const link::PairExplanation& p : links)
        if (changed[p.a] && changed[p.b] && p.weights.total_log2 >= link_log2 &&
            !is_different(case_of[p.a], case_of[p.b]))
          groups.Union(p.a, p.b);
      // Links at or above the threshold, by record.
      std::unordered_map<uint32_t, std::vector<std::pair<uint32_t, double>>> linked_to;
      for (const link::PairExplanation& p : links)
        if (p.weights.total_log2 >= link_log2) {
          linked_to[p.a].emplace_back(p.b, p.weights.total_log2);
          linked_to[p.b].emplace_back(p.a, p.weights.total_log2);
        }
      std::map<size_t, std::vector<uint32_t>> members;
      for (uint32_t i = 0; i < n; ++i)
        if (changed[i]) members[groups.Find(i)].push_back(i);
      // The cases of each existing person (for "different" decisions).
      std::unordered_map<int64_t, std::vector<CaseId>> cases_of_person;
      for (uint32_t i = 0; i < n; ++i)
        if (!changed[i]) cases_of_person[snap.person_of.at(case_of[i])].push_back(case_of[i]);
      for (const auto& [root, group] : members) {
        std::map<int64_t, double> best;  // person -> strongest link weight
        for (uint32_t r : group) {
          auto range = must_join.equal_range(r);
          for (auto it = range.first; it != range.second; ++it)
            best[it->second] = std::numeric_limits<double>::infinity();
        }
        for (uint32_t r : group) {
          const auto adjacent = linked_to.find(r);
          if (adjacent == linked_to.end()) continue;
          for (const auto& [other, weight] : adjacent->second) {
            if (changed[other]) continue;
            const int64_t person = snap.person_of.at(case_of[other]);
            auto [it, fresh] = best.try_emplace(person, weight);
            if (!fresh) it->second = std::max(it->second, weight);
          }
        }
        int64_t chosen = 0;
        double chosen_weight = -std::numeric_limits<double>::infinity();
        for (const auto& [person, weight] : best) {
          bool forbidden = false;
          for (uint32_t r : group)
            for (CaseId other : cases_of_person[person])
              forbidden = forbidden || is_different(case_of[r], other);
          if (!forbidden && weight > chosen_weight) {
            chosen = person;
            chosen_weight = weight;
          }
        }
        if (chosen == 0) {
          fresh_groups.push_back(group);
        } else {
          for (uint32_t r : group) new_person[r] = chosen;
        }
      }
    }
  }

  progress("save");
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(actor));
  const std::string now = internal::NowUtc();
  const int64_t full_run_id = summary.full ? 0 : snap.previous->full_run_id;
  if (changed_count == 0 && removed.empty()) {
    // Nothing new since the last run: no run is recorded.
    summary.run_id = 0;
  } else {
    PALERMO_RETURN_IF_ERROR(
        tx->Execute("INSERT INTO persons_run (at, by_user, mode, cases, linked_cases, persons, "
                    "links, threshold, review_lower, review_upper, parameters, model, full_run_id) "
                    "VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $8, $9, $10, $11, $12)",
                    {now, actor.user, std::string(ModeName(summary.full)), summary.cases,
                     summary.linked_cases, static_cast<int64_t>(links.size()), asked.threshold,
                     asked.review_lower, asked.review_upper, Parameters(asked),
                     ModelToJson(summary.model), full_run_id})
            .status());
    PALERMO_ASSIGN_OR_RETURN(summary.run_id, tx->LastInsertId());
    if (summary.full)
      PALERMO_RETURN_IF_ERROR(tx->Execute("UPDATE persons_run SET full_run_id = $1 WHERE id = $1",
                                          {summary.run_id})
                                  .status());
    for (const auto& group : fresh_groups) {
      PALERMO_RETURN_IF_ERROR(
          tx->Execute("INSERT INTO persons_person (created_run) VALUES ($1)", {summary.run_id})
              .status());
      PALERMO_ASSIGN_OR_RETURN(const int64_t id, tx->LastInsertId());
      for (uint32_t r : group) new_person[r] = id;
    }
    // Assignments: written for every linked case whose person or fingerprint changed.
    for (uint32_t i = 0; i < n; ++i) {
      if (!changed[i]) continue;
      const CaseId id = case_of[i];
      const auto old = snap.person_of.find(id);
      const auto fp = snap.fingerprint_of.find(id);
      const bool same_person = old != snap.person_of.end() && old->second == new_person[i];
      if (same_person && fp != snap.fingerprint_of.end() && fp->second == input.fingerprints[i])
        continue;
      PALERMO_ASSIGN_OR_RETURN(
          std::string sealed,
          tx->Seal(input.fingerprints[i], "persons_fingerprint:" + std::to_string(id)));
      if (old == snap.person_of.end()) {
        PALERMO_RETURN_IF_ERROR(
            tx->Execute("INSERT INTO persons_assignment (case_id, person_id, run_id, fingerprint) "
                        "VALUES ($1, $2, $3, $4)",
                        {id, new_person[i], summary.run_id, sealed})
                .status());
      } else {
        PALERMO_RETURN_IF_ERROR(
            tx->Execute("UPDATE persons_assignment SET person_id = $2, run_id = $3, fingerprint "
                        "= $4 WHERE case_id = $1",
                        {id, new_person[i], summary.run_id, sealed})
                .status());
      }
      if (!same_person)
        PALERMO_RETURN_IF_ERROR(
            tx->Execute("INSERT INTO persons_history (case_id, person_id, run_id, at) VALUES "
                        "($1, $2, $3, $4)",
                        {id, new_person[i], summary.run_id, now})
                .status());
    }
    for (const CaseId id : removed) {
      PALERMO_RETURN_IF_ERROR(
          tx->Execute("DELETE FROM persons_assignment WHERE case_id = $1", {id}).status());
      PALERMO_RETURN_IF_ERROR(
          tx->Execute("INSERT INTO persons_history (case_id, person_id, run_id, at) VALUES "
                      "($1, 0, $2, $3)",
                      {id, summary.run_id, now})
              .status());
    }
    // Links and review pairs: replaced for the cases linked now (all of them in a full run).
    if (summary.full) {
      PALERMO_RETURN_IF_ERROR(tx->Execute("DELETE FROM persons_link").status());
      PALERMO_RETURN_IF_ERROR(tx->Execute("DELETE FROM persons_review").status());
    } else {
      for (uint32_t i = 0; i < n; ++i)
        if (changed[i]) {
          for (const char* sql : {"DELETE FROM persons_link WHERE case_a = $1 OR case_b = $1",
                                  "DELETE FROM persons_review WHERE case_a = $1 OR case_b = $1"})
            PALERMO_RETURN_IF_ERROR(tx->Execute(sql, {case_of[i]}).status());
        }
      for (const CaseId id : removed)
        for (const char* sql : {"DELETE FROM persons_link WHERE case_a = $1 OR case_b = $1",
                                "DELETE FROM persons_review WHERE case_a = $1 OR case_b = $1"})
          PALERMO_RETURN_IF_ERROR(tx->Execute(sql, {id}).status());
    }
    for (const link::PairExplanation& p : links) {
      const CaseId a = std::min(case_of[p.a], case_of[p.b]), b = std::max(case_of[p.a], case_of[p.b]);
      PALERMO_RETURN_IF_ERROR(
          tx->Execute("INSERT INTO persons_link (case_a, case_b, run_id, probability, weight, "
                      "pattern) VALUES ($1, $2, $3, $4, $5, $6)",
                      {a, b, summary.run_id, p.probability, p.weights.total_log2,
                       static_cast<int64_t>(link::PackPattern(p.comparison))})
              .status());
    }
    const double link_log2 = link::Log2FromProbability(asked.threshold);
    for (const link::PairExplanation& p : review) {
      const CaseId a = std::min(case_of[p.a], case_of[p.b]), b = std::max(case_of[p.a], case_of[p.b]);
      PALERMO_RETURN_IF_ERROR(
          tx->Execute("INSERT INTO persons_review (case_a, case_b, run_id, probability, linked) "
                      "VALUES ($1, $2, $3, $4, $5)",
                      {a, b, summary.run_id, p.probability,
                       int64_t{p.weights.total_log2 >= link_log2 ? 1 : 0}})
              .status());
    }
  }
  // Pairs decided since they were queued leave the review list.
  PALERMO_RETURN_IF_ERROR(
      tx->Execute("DELETE FROM persons_review WHERE EXISTS (SELECT 1 FROM persons_decision d "
                  "WHERE d.case_a = persons_review.case_a AND d.case_b = persons_review.case_b)")
          .status());
  PALERMO_ASSIGN_OR_RETURN(
      auto count, tx->Query("SELECT COUNT(DISTINCT person_id) FROM persons_assignment"));
  summary.persons = Int(count[0][0]);
  summary.links = static_cast<int64_t>(links.size());
  if (summary.run_id != 0) {
    PALERMO_RETURN_IF_ERROR(tx->Execute("UPDATE persons_run SET persons = $2 WHERE id = $1",
                                        {summary.run_id, summary.persons})
                                .status());
    PALERMO_RETURN_IF_ERROR(tx->Audit(
        "link_run", "persons_run", std::to_string(summary.run_id), kLinkagePurpose,
        std::string(ModeName(summary.full)) + ": " + std::to_string(summary.linked_cases) +
            " cases linked, " + std::to_string(summary.persons) + " persons"));
  }
  PALERMO_ASSIGN_OR_RETURN(auto pending,
                           tx->Query("SELECT case_a, case_b, probability, linked FROM "
                                     "persons_review ORDER BY probability DESC, case_a, case_b"));
  for (const auto& r : pending)
    summary.review.push_back({Int(r[0]), Int(r[1]), Real(r[2]), Int(r[3]) != 0});
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  if (summary.model.prior_method.empty() && snap.previous) {
    // Nothing was linked: report the model of the last full run.
    if (Result<link::ModelParams> m = ModelFromJson(snap.previous->model); m.ok())
      summary.model = *m;
  }
  return summary;
}

}  // namespace palermo::persons
