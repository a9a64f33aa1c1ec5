// SPDX-License-Identifier: AGPL-3.0-or-later
// src/ingest/ingest.h: import of agency case lists into the store, quarantine of bad rows,
// and export in the HTCDS JSON and CTDC CSV layouts.
//
// What the module promises:
//  * An agency file (CSV, RFC 4180, or a JSON array in the HTCDS layout) is read through the
//    agency's Mapping (a JSON file, docs/ingest.md): columns to model fields, agency codes to
//    Palermo codes, date order, list separators, required fields, declared encoding.
//  * A file that cannot be read as a whole (unreadable, undeclared invalid UTF-8, unterminated
//    quote, a mapped column missing from the header) is an error naming the file and the place
//    or column; nothing of it is imported.
//  * Every row is validated (types, code lists, plausible dates, age 0–120, required fields).
//    A bad row goes to the store's quarantine with file, line, field and a reason in plain
//    words; it is never dropped and never half-imported. Reasons never echo the value.
//  * Each row has a content hash (xxHash128 over the agency and the trimmed cells, by column
//    name). Re-importing the same file or row changes nothing: it is counted "already present".
//  * Rows are written in batched transactions (ImportOptions::batch_rows). A process killed
//    at any moment leaves the store as of the last batch commit; re-running the same import
//    completes it with no duplicate. Test builds and tests use named crash points
//    (PALERMO_CRASH_AT=ingest.after_batch_commit:N, see CrashPoint).
//  * Nothing here writes personal data to stdout, stderr, logs or Status messages.
//
//   PALERMO_ASSIGN_OR_RETURN(Mapping m, LoadMapping("mappings/police.json"));
//   PALERMO_ASSIGN_OR_RETURN(FileReport r, ImportFile(*store, m, "police.csv", {}));
//   std::cout << FormatReport(r, Lang::kFr);   // "police.csv : 812 lignes lues, 800 importées…"
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/core.h"
#include "store/store.h"

namespace palermo::ingest {

enum class Format { kCsv, kHtcdsJson };
enum class DateOrder { kDmy, kMdy, kYmd };

// An agency's import mapping (docs/ingest.md gives the JSON form and an example).
struct Mapping {
  std::string agency;       // organisation code; every imported case gets it
  std::string agency_name;  // defaults to `agency`
  std::string agency_type;  // police, labour_inspection, ngo, health, immigration, ...
  std::string country;      // alpha-3 of the agency, may be empty
  Format format = Format::kCsv;
  std::string encoding = "UTF-8";  // any ICU converter name: "ISO-8859-1", "windows-1252", ...
  std::string separator = ",";     // ",", ";", ", ", "\t", "|"
  DateOrder date_order = DateOrder::kDmy;  // for ambiguous dates such as 03/04/2019
  std::vector<std::pair<std::string, std::string>> columns;          // column -> model field
  std::map<std::string, std::map<std::string, std::string>> values;  // field -> code -> value
  std::map<std::string, std::string> list_separators;                // field -> separator
  std::map<std::string, std::string> defaults;                       // field -> value if empty
  std::vector<std::string> required;                                 // model fields
  std::string text;  // the mapping as loaded (kept by the store for `quarantine retry`)
};

// Model fields a mapping may target, in the order validation reports them.
const std::vector<std::string>& ModelFields();

// InvalidArgument naming `name` and the key at fault (unknown field, bad separator...).
Result<Mapping> ParseMapping(std::string_view json_text, std::string_view name = "mapping");
// NotFound if the file cannot be read; otherwise as ParseMapping.
Result<Mapping> LoadMapping(const std::filesystem::path& path);

// A whole agency file as text cells, read exactly as ImportFile reads it (the mapping's
// encoding, BOM, separator, RFC 4180 quotes; HTCDS JSON arrays too), for commands that read
// lists without importing them (`palermo link` on ad-hoc files). Cells are trimmed; rows whose
// field count differs from the header are kept, padded or cut, and listed in `uneven_lines`.
// Errors as ImportFile's for the file as a whole (NotFound, InvalidArgument with the place).
struct TextTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // header.size() cells each
  std::vector<int64_t> lines;                  // 1-based line (JSON: record index) per row
  std::vector<int64_t> uneven_lines;
};
Result<TextTable> ReadTextTable(const std::filesystem::path& path, const Mapping& mapping);
// The same from bytes already read; `name` (the file's name) is used in messages.
Result<TextTable> ReadTextTable(std::string bytes, std::string name, const Mapping& mapping);

// The layout of a CSV file whose mapping declares none: the separator among ",", ";", tab
// and "|" that splits the first line into the most fields (comma on a tie), and "UTF-8" when
// the bytes are valid UTF-8 (a BOM allowed), else "windows-1252" (the usual encoding of
// spreadsheets saved as CSV in Western Europe; every byte is a character in it).
struct CsvLayout {
  std::string separator = ",";
  std::string encoding = "UTF-8";
};
CsvLayout SniffCsvLayout(std::string_view bytes);

// One input record: cells by column name, and where it was found.
struct RawRow {
  int64_t line = 0;  // CSV: 1-based line where the record starts; JSON: 1-based record index
  std::vector<std::pair<std::string, std::string>> cells;
  std::optional<std::string> structure_problem;  // e.g. wrong number of fields
};

// Limits on one row, checked by ConvertRow (so on import and on `quarantine retry`, for CSV
// and JSON alike): a row with more cells, or a cell with more bytes, is quarantined with a
// reason that names the limit (and the column), never the value. A CSV header with more
// columns than kMaxFieldsPerRow rejects the file.
inline constexpr size_t kMaxFieldsPerRow = 1000;
inline constexpr size_t kMaxCellBytes = 64 * 1024;
// The reason given (after the file's name) for a mapping or an HTCDS JSON file holding a
// number beyond the range of a double, such as 1e999.
inline constexpr std::string_view kJsonNumberTooLarge = "a number in the JSON is too large to read";

// A row that did not pass validation. `field` is the model field (or column) at fault, empty
// for the whole row; `reason` is plain English words without the value.
struct RowProblem {
  std::string field;
  std::string reason;
};

// Validates `row` and builds the case. `today` bounds dates ("not in the future").
// Deterministic; does not touch the store. On failure the first problem (in ModelFields()
// order, then cross-field and required checks) is returned with the number of further
// problems appended to its reason.
struct Conversion {
  std::optional<CaseRecord> record;
  RowProblem problem;  // meaningful when !record
};
Conversion ConvertRow(const Mapping& mapping, const RawRow& row, const PartialDate& today);

// Date in the mapping's order; accepts YYYY, MM/YYYY, YYYY-MM, full dates with / - . or space,
// and YYYYMMDD. InvalidArgument "not a date (expected DD/MM/YYYY)" without the text.
Result<PartialDate> ParseDate(std::string_view text, DateOrder order);

// "xxh128:<32 hex>" over the agency and the row's trimmed cells by column name. Unkeyed, so
// computable from a guessed row: it is only handed to the store (Transaction::InsertCase,
// HasContentHash, AddQuarantine), which keeps a keyed hash of it, never shown or stored as is.
std::string ContentHash(std::string_view agency, const RawRow& row);

struct ImportOptions {
  int64_t batch_rows = 50000;
  // Dates after this are "in the future"; defaults to the current UTC date.
  std::optional<PartialDate> today;
  store::Actor actor{"import", "", "system"};
  // Called with bytes read and total bytes, after each batch and every 1,000 rows.
  std::function<void(uint64_t done, uint64_t total)> progress;
};

struct FileReport {
  std::string file;  // basename
  std::string agency;
  int64_t rows_read = 0;
  int64_t imported = 0;
  int64_t already_present = 0;  // same content already stored (or already quarantined)
  int64_t quarantined = 0;
  std::map<std::string, int64_t> quarantined_by_reason;  // "field: reason" -> rows
};

// Imports one file. Errors: NotFound (cannot open), InvalidArgument (whole file bad: nothing
// imported), or a store error (rows committed before it stay, a re-run completes the import).
Result<FileReport> ImportFile(store::Store& store, const Mapping& mapping,
                              const std::filesystem::path& file, const ImportOptions& options);

// "police.csv: 812 rows read, 800 imported, 3 already present, 9 quarantined" and one line
// per quarantine reason. Never personal data.
std::string FormatReport(const FileReport& report, Lang lang);

// Re-validates every unresolved quarantine entry with the mapping of its agency (from
// `mappings`, else the one saved by the last import of that agency); imports those that now
// pass and marks them resolved. Entries of agencies without a mapping are left as they are.
struct RetryReport {
  int64_t examined = 0;
  int64_t imported = 0;
  int64_t still_bad = 0;
  int64_t no_mapping = 0;
};
Result<RetryReport> RetryQuarantine(store::Store& store, const std::vector<Mapping>& mappings,
                                    const ImportOptions& options);

// Registers the ingest module's own table (saved mappings) with the store. Call before
// Store::Open; idempotent.
void RegisterIngestMigrations();

// HTCDS JSON: an array of case objects with HTCDS field names (docs/ingest.md lists them and
// the Palermo extensions). Identifiers only when `with_identifiers`, which needs `purpose`
// (the read is audited by the store). Cases in `leave_out` are not written (cases a partner
// sent under a handling code that forbids passing them on: exchange::CasesHeldBack). Returns
// the number of cases written.
Result<int64_t> ExportHtcdsJson(store::Store& store, const std::filesystem::path& out,
                                bool with_identifiers, std::string_view purpose,
                                const std::set<CaseId>& leave_out = {});
// CTDC Global Synthetic Dataset v2024 layout (../shared/data/reference/ctdc): one row per case,
// no identifier of any kind. Returns the number of rows written.
Result<int64_t> ExportCtdcCsv(store::Store& store, const std::filesystem::path& out);

// Test hook: when PALERMO_CRASH_AT is "<name>:<n>", the n-th call with that name ends the
// process at once with _exit(137), as a SIGKILL would. Points: ingest.after_row,
// ingest.before_batch_commit, ingest.after_batch_commit.
void CrashPoint(std::string_view name);

}  // namespace palermo::ingest
