// SPDX-License-Identifier: AGPL-3.0-or-later
// pg_dump and pg_restore driven by Backup and Restore (backup_pg.h).
#include "store/backup_pg.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "store/connection.h"
#include "store/sql_rows.h"

extern char** environ;

namespace palermo::store::internal {
namespace {

constexpr Msg kOtherSchema{
    "this backup holds the PostgreSQL schema \"{schema}\"; restore it into a database whose "
    "current schema (search_path) is \"{schema}\", not \"{target}\"",
    "cette sauvegarde contient le schéma PostgreSQL « {schema} » ; restaurez-la dans une base "
    "dont le schéma courant (search_path) est « {schema} », pas « {target} »"};
constexpr Msg kToolFailed{"{tool} failed: {why}", "{tool} a échoué : {why}"};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string ToolPath(const char* tool) {
  if (const char* bin = std::getenv("PALERMO_PG_BIN"); bin && *bin) {
    return std::string(bin) + "/" + tool;
  }
  const std::string debian = std::string("/usr/lib/postgresql/15/bin/") + tool;
  if (::access(debian.c_str(), X_OK) == 0) return debian;
  return tool;  // found through PATH by posix_spawnp
}

// A child process running one of the PostgreSQL tools; its error output goes to an unlinked
// temporary file read back for the message.
struct Tool {
  pid_t pid = -1;
  int out = -1;  // read end of its standard output, when captured
  std::FILE* err = nullptr;
  ~Tool() {
    if (out >= 0) ::close(out);
    if (err) std::fclose(err);
    if (pid > 0) ::waitpid(pid, nullptr, 0);
  }
};

// Starts `args` with PGPASSWORD set to `password` (when not empty) in its environment only.
Status Start(const std::vector<std::string>& args, const std::string& password, bool capture_out,
             Tool& tool) {
  tool.err = std::tmpfile();
  if (!tool.err) return Status::Unavailable("cannot create a temporary file");
  int pipe_fds[2] = {-1, -1};
  if (capture_out && ::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return Status::Unavailable("cannot create a pipe");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  if (capture_out) posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, fileno(tool.err), 2);
  std::vector<std::string> env_storage;
  for (char** e = environ; *e; ++e) {
    if (!std::string_view(*e).starts_with("PGPASSWORD=")) env_storage.emplace_back(*e);
  }
  if (!password.empty()) env_storage.push_back("PGPASSWORD=" + password);
  std::vector<char*> envp;
  for (std::string& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> arg_storage = args;
  std::vector<char*> argv;
  for (std::string& a : arg_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int rc = ::posix_spawnp(&tool.pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  for (std::string& e : env_storage) std::fill(e.begin(), e.end(), '\0');
  if (capture_out) {
    ::close(pipe_fds[1]);
    tool.out = pipe_fds[0];
  }
  if (rc != 0) {
    tool.pid = -1;
    return Status::Unavailable(args[0] + " cannot be started: " + std::strerror(rc) +
                               " (install postgresql-client-15, or set PALERMO_PG_BIN)");
  }
  return Status::Ok();
}

// Waits for the tool; a failure carries the first line of its error output.
Status Wait(Tool& tool, std::string_view name, Lang lang) {
  int wstatus = 0;
  if (::waitpid(tool.pid, &wstatus, 0) < 0) return Status::Unavailable("waitpid failed");
  tool.pid = -1;
  if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) return Status::Ok();
  std::string first;
  std::rewind(tool.err);
  char line[512];
  if (std::fgets(line, sizeof line, tool.err)) first = line;
  while (!first.empty() && (first.back() == '\n' || first.back() == '\r')) first.pop_back();
  if (first.empty()) first = "exit status " + std::to_string(WEXITSTATUS(wstatus));
  return Status::Unavailable(
      Format(kToolFailed, lang, {{"tool", std::string(name)}, {"why", first}}));
}

// The current schema and the number of relations in it, on a connection of its own.
Result<std::pair<std::string, int64_t>> TargetSchema(const std::string& url) {
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, OpenPostgres(url));
  PALERMO_RETURN_IF_ERROR(conn->Begin(TxMode::kRead));
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      conn->Query("SELECT current_schema(), (SELECT count(*) FROM pg_class c JOIN pg_namespace n "
                  "ON n.oid = c.relnamespace WHERE n.nspname = current_schema())",
                  {}, false));
  conn->Rollback();
  if (rows.empty() || std::holds_alternative<std::monostate>(rows[0][0])) {
    return Status::FailedPrecondition(
        "the target database has no current schema (the schema named by its search_path does "
        "not exist)");
  }
  return std::make_pair(std::string(AsText(rows[0][0])), AsInt(rows[0][1]));
}

// Drops every relation of the current schema (after a restore that failed verification: the
// schema held none before it).
void DropRestored(const std::string& url) {
  Result<std::unique_ptr<Connection>> conn = OpenPostgres(url);
  if (!conn.ok() || !(*conn)->Begin(TxMode::kMigrate).ok()) return;
  Result<std::vector<SqlRow>> tables = (*conn)->Query(
      "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c JOIN "
      "pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind "
      "IN ('r', 'S', 'v', 'm')",
      {}, false);
  if (!tables.ok()) return;
  for (const SqlRow& row : *tables) {
    // Each name is quote_ident's output.
    (*conn)->Execute("DROP TABLE IF EXISTS " + std::string(AsText(row[0])) + " CASCADE", {}, false)
        .status()
        .IgnoreError();
  }
  for (const SqlRow& row : *tables) {
    (*conn)->Execute("DROP SEQUENCE IF EXISTS " + std::string(AsText(row[0])) + " CASCADE", {},
                     false)
        .status()
        .IgnoreError();
  }
  (*conn)->Commit().IgnoreError();
}

}  // namespace

SplitUrl SplitPassword(std::string_view url) {
  SplitUrl out;
  std::string rest(url);
  const size_t scheme = rest.find("://");
  if (scheme != std::string::npos) {
    const size_t authority_end = rest.find_first_of("/?", scheme + 3);
    const size_t at = rest.rfind('@', authority_end == std::string::npos ? rest.size()
                                                                         : authority_end);
    if (at != std::string::npos && at > scheme) {
      const size_t colon = rest.find(':', scheme + 3);
      if (colon != std::string::npos && colon < at) {
        out.password = PercentDecode(std::string_view(rest).substr(colon + 1, at - colon - 1));
        rest.erase(colon, at - colon);
      }
    }
  }
  const size_t query = rest.find('?');
  if (query != std::string::npos) {
    std::string kept;
    std::string_view params = std::string_view(rest).substr(query + 1);
    while (!params.empty()) {
      const size_t amp = params.find('&');
      const std::string_view param = params.substr(0, amp);
      if (param.starts_with("password=")) {
        out.password = PercentDecode(param.substr(9));
      } else if (!param.empty()) {
        kept += kept.empty() ? "" : "&";
        kept += param;
      }
      if (amp == std::string_view::npos) break;
      params.remove_prefix(amp + 1);
    }
    rest.erase(query);
    if (!kept.empty()) rest += "?" + kept;
  }
  out.url = std::move(rest);
  return out;
}

Status DumpPostgres(Store& store, const std::string& url, int out_fd, const BackupKey& key,
                    BackupHeader& header, Lang lang) {
  // The snapshot pg_dump will read, with the facts the header records about it.
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> tx,
                           store.BeginRead(Actor{"system", "", "administrator"}));
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      tx->Query("SELECT pg_export_snapshot(), current_schema(), seq, hash FROM audit_head "
                "WHERE id = 1"));
  if (rows.empty()) return Status::DataLoss("the audit chain head row is missing");
  const std::string snapshot(AsText(rows[0][0]));
  header.schema = std::string(AsText(rows[0][1]));
  header.audit_seq = AsInt(rows[0][2]);
  header.audit_hash = std::string(AsText(rows[0][3]));
  PALERMO_ASSIGN_OR_RETURN(header.store_id, tx->StoreId());

  const SplitUrl split = SplitPassword(url);
  Tool tool;
  PALERMO_RETURN_IF_ERROR(Start({ToolPath("pg_dump"), "--format=custom", "--compress=0",
                                 "--no-owner", "--no-privileges", "--snapshot=" + snapshot,
                                 "--schema=" + header.schema, "--dbname=" + split.url},
                                split.password, /*capture_out=*/true, tool));
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<BackupWriter> writer,
                           BackupWriter::Start(out_fd, key, header, lang));
  std::string buffer(kChunkBytes, '\0');
  Status written;
  while (written.ok()) {
    const ssize_t r = ::read(tool.out, buffer.data(), buffer.size());
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    written = writer->Write(std::string_view(buffer.data(), static_cast<size_t>(r)));
  }
  ::close(std::exchange(tool.out, -1));  // after a failed write, pg_dump ends with SIGPIPE
  const Status dumped = Wait(tool, "pg_dump", lang);
  PALERMO_RETURN_IF_ERROR(written);
  PALERMO_RETURN_IF_ERROR(dumped);
  return writer->Finish();
}

Status RestorePostgres(const std::string& url, int in_fd, const BackupKey& key,
                       const BackupHeader& header, std::string_view raw_header,
                       const Status& not_empty, const std::function<Status()>& verify, Lang lang) {
  PALERMO_ASSIGN_OR_RETURN(auto target, TargetSchema(url));
  if (target.first != header.schema) {
    return Status::FailedPrecondition(
        Format(kOtherSchema, lang, {{"schema", header.schema}, {"target", target.first}}));
  }
  if (target.second != 0) return not_empty;

  // The whole archive is authenticated before pg_restore sees a byte of it.
  const char* tmpdir = std::getenv("TMPDIR");
  std::string archive = std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/palermo-restore-XXXXXX";
  const int fd = ::mkostemp(archive.data(), O_CLOEXEC);
  if (fd < 0) return Status::Unavailable("cannot create a temporary file for the restore");
  ::fchmod(fd, 0600);
  struct Remove {
    const std::string& path;
    int fd;
    ~Remove() {
      ::close(fd);
      ::unlink(path.c_str());
      ::unlink((path + ".list").c_str());
    }
  } remove{archive, fd};
  PALERMO_RETURN_IF_ERROR(ReadBackupBody(
      in_fd, key, raw_header, [&](std::string_view bytes) { return WriteAll(fd, bytes); }, lang));

  // The schema exists already (empty): restore everything but its creation and comment.
  const SplitUrl split = SplitPassword(url);
  {
    Tool list;
    PALERMO_RETURN_IF_ERROR(
        Start({ToolPath("pg_restore"), "--list", archive}, "", /*capture_out=*/true, list));
    std::string toc;
    char buffer[65536];
    while (true) {
      const ssize_t r = ::read(list.out, buffer, sizeof buffer);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) break;
      toc.append(buffer, static_cast<size_t>(r));
    }
    PALERMO_RETURN_IF_ERROR(Wait(list, "pg_restore", lang));
    std::string kept;
    std::string_view lines = toc;
    while (!lines.empty()) {
      const size_t nl = lines.find('\n');
      const std::string_view line = lines.substr(0, nl);
      if (line.find(" SCHEMA - ") == std::string_view::npos &&
          line.find(" COMMENT - SCHEMA ") == std::string_view::npos) {
        kept.append(line);
        kept.push_back('\n');
      }
      if (nl == std::string_view::npos) break;
      lines.remove_prefix(nl + 1);
    }
    const int list_fd =
        ::open((archive + ".list").c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (list_fd < 0) return Status::Unavailable("cannot write the restore list");
    const Status listed = WriteAll(list_fd, kept);
    ::close(list_fd);
    PALERMO_RETURN_IF_ERROR(listed);
  }
  {
    Tool restore;
    PALERMO_RETURN_IF_ERROR(Start({ToolPath("pg_restore"), "--no-owner", "--no-privileges",
                                   "--exit-on-error", "--single-transaction",
                                   "--use-list=" + archive + ".list", "--dbname=" + split.url,
                                   archive},
                                  split.password, /*capture_out=*/false, restore));
    PALERMO_RETURN_IF_ERROR(Wait(restore, "pg_restore", lang));
  }
  if (Status verified = verify(); !verified.ok()) {
    DropRestored(url);
    return verified;
  }
  return Status::Ok();
}

}  // namespace palermo::store::internal
