// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo pprl: privacy-preserving record linkage with keyed Bloom-filter encodings.
//   palermo pprl encode --mapping MAP.json --secret-file KEY --out enc.csv FILE.csv
//   palermo pprl match --out clusters.csv [--pairs PAIRS.csv] ENC_A.csv ENC_B.csv [...]
// The encodings file (record_id,clk) carries no name, date or sex in clear. See
// docs/pprl_threat_model.md for what it protects against and what it does not.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "cli/command.h"
#include "cli/secret_file.h"
#include "link/link.h"

namespace palermo::cli {
// Named, not anonymous: the palermo target is a unity build, and every command has a Setup.
namespace pprl_command {

struct EncodeArgs {
  std::string mapping;
  std::string secret_file;
  std::string out;
  std::string file;
  int hashes = 20;
  bool no_transliteration = false;
};

struct MatchArgs {
  std::string out;
  std::string pairs;
  std::vector<std::string> files;
  double threshold = 0.7;
  int threads = 1;
};

std::string Basename(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

Status WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::NotFound("cannot write " + Basename(path));
  out << text;
  out.close();
  if (!out) return Status::Unavailable("cannot write " + Basename(path));
  return Status::Ok();
}

Status RunEncode(const Context& ctx, const EncodeArgs& args) {
  Result<std::string> map_text = ReadFileToString(args.mapping);
  if (!map_text.ok()) return Status::NotFound(Basename(args.mapping) + ": cannot read the file");
  PALERMO_ASSIGN_OR_RETURN(link::Mapping mapping,
                           link::ParseMapping(*map_text, Basename(args.mapping)));
  PALERMO_ASSIGN_OR_RETURN(const std::string key, ReadSecretFile(ctx, args.secret_file));
  PALERMO_ASSIGN_OR_RETURN(link::ClkEncoder encoder, link::ClkEncoder::Create(key, args.hashes));
  PALERMO_ASSIGN_OR_RETURN(link::InputFile input, link::ReadInputFile(args.file, mapping));
  link::NormaliseOptions options;
  options.transliterate = !args.no_transliteration;
  PALERMO_ASSIGN_OR_RETURN(link::VariantTable variants, link::VariantTable::LoadDefault());
  const link::Dataset data = link::BuildDataset({input.table}, options, &variants, 1);
  const std::vector<link::ClkFields> fields = link::ClkFieldsFromDataset(data);
  std::string out = "record_id,clk\n";
  for (size_t i = 0; i < fields.size(); ++i) {
    out += CsvEscape(input.record_ids[data.records[i].row]);
    out += ',';
    out += link::ClkToBase64(encoder.Encode(fields[i]));
    out += '\n';
  }
  return WriteText(args.out, out);
}

Status RunMatch(const MatchArgs& args) {
  if (args.files.size() < 2)
    return Status::InvalidArgument("pprl match needs the encodings of at least two agencies");
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> ids;
  std::vector<std::vector<link::Clk>> tables;
  for (const std::string& file : args.files) {
    const std::string name = std::filesystem::path(file).stem().string();
    for (const std::string& other : names)
      if (other == name)
        return Status::InvalidArgument(Basename(file) + ": two input files have the same name");
    Result<CsvTable> table = ReadCsvFile(file);
    if (!table.ok()) {
      if (table.status().code() == StatusCode::kNotFound)
        return Status::NotFound(Basename(file) + ": cannot read the file");
      return table.status();
    }
    const std::optional<size_t> id_col = table->FindColumn("record_id");
    const std::optional<size_t> clk_col = table->FindColumn("clk");
    if (!id_col || !clk_col)
      return Status::InvalidArgument(Basename(file) + " line 1: needs columns record_id,clk");
    std::vector<link::Clk> clks;
    std::vector<std::string> row_ids;
    for (size_t r = 0; r < table->rows.size(); ++r) {
      Result<link::Clk> clk = link::ClkFromBase64(table->rows[r][*clk_col]);
      if (!clk.ok())
        return Status::InvalidArgument(Basename(file) + " line " + std::to_string(r + 2) +
                                       ", clk: " + clk.status().message());
      clks.push_back(*clk);
      row_ids.push_back(table->rows[r][*id_col]);
    }
    names.push_back(name);
    ids.push_back(std::move(row_ids));
    tables.push_back(std::move(clks));
  }
  std::vector<link::ClkMatch> matches;
  const auto cluster_of = link::MatchClks(tables, args.threshold, args.threads, &matches);
  std::string out = "file,record_id,cluster_id\n";
  for (size_t t = 0; t < tables.size(); ++t)
    for (size_t r = 0; r < tables[t].size(); ++r)
      out += CsvEscape(names[t]) + ',' + CsvEscape(ids[t][r]) + ',' +
             std::to_string(cluster_of[t][r] + 1) + '\n';
  PALERMO_RETURN_IF_ERROR(WriteText(args.out, out));
  if (!args.pairs.empty()) {
    std::string pairs = "file_a,record_id_a,file_b,record_id_b,dice\n";
    char number[32];
    for (const link::ClkMatch& m : matches) {
      std::snprintf(number, sizeof(number), "%.4f", m.dice);
      pairs += CsvEscape(names[m.table_a]) + ',' + CsvEscape(ids[m.table_a][m.row_a]) + ',' +
               CsvEscape(names[m.table_b]) + ',' + CsvEscape(ids[m.table_b][m.row_b]) + ',' +
               number + '\n';
    }
    PALERMO_RETURN_IF_ERROR(WriteText(args.pairs, pairs));
  }
  return Status::Ok();
}

void Setup(CLI::App& app, Context& ctx) {
  CLI::App* pprl = app.add_subcommand(
      "pprl", T(ctx, {"Link lists without sharing names (keyed Bloom-filter encodings)",
                      "Rapprocher des listes sans partager les noms (filtres de Bloom à clé)"}));
  pprl->require_subcommand(1);
  auto encode_args = std::make_shared<EncodeArgs>();
  CLI::App* encode = pprl->add_subcommand(
      "encode", T(ctx, {"Agency side: turn a CSV list into encodings (no names leave)",
                        "Côté organisme : transformer une liste CSV en encodages (aucun nom ne sort)"}));
  encode->add_option("--mapping", encode_args->mapping,
                     T(ctx, {"JSON mapping file, as for palermo link", "Fichier de correspondance JSON, comme pour palermo link"}))
      ->required();
  encode->add_option("--secret-file", encode_args->secret_file,
                     T(ctx, {"File holding the secret shared by the agencies (>= 16 bytes)",
                             "Fichier du secret partagé entre organismes (>= 16 octets)"}))
      ->required();
  encode->add_option("--out", encode_args->out,
                     T(ctx, {"Output CSV record_id,clk", "CSV de sortie record_id,clk"}))
      ->required();
  encode->add_option("--hashes", encode_args->hashes,
                     T(ctx, {"Hash functions per bigram (default 20)", "Fonctions de hachage par bigramme (20 par défaut)"}))
      ->check(CLI::Range(1, 40));
  encode->add_flag("--no-transliteration", encode_args->no_transliteration,
                   T(ctx, {"Do not transliterate names to Latin", "Ne pas translittérer les noms en latin"}));
  encode->add_option("file", encode_args->file, T(ctx, {"Input CSV file", "Fichier CSV d'entrée"}))
      ->required();
  encode->callback([encode_args, &ctx] { ctx.Finish(RunEncode(ctx, *encode_args)); });

  auto match_args = std::make_shared<MatchArgs>();
  CLI::App* match = pprl->add_subcommand(
      "match", T(ctx, {"Link the encodings of two or more agencies",
                       "Rapprocher les encodages de deux organismes ou plus"}));
  match->add_option("--out", match_args->out,
                    T(ctx, {"Output CSV file,record_id,cluster_id", "CSV de sortie file,record_id,cluster_id"}))
      ->required();
  match->add_option("--pairs", match_args->pairs,
                    T(ctx, {"Write linked pairs with their Dice similarity to this CSV",
                            "Écrire les paires liées et leur similarité de Dice dans ce CSV"}));
  match->add_option("--threshold", match_args->threshold,
                    T(ctx, {"Dice similarity at or above which records link (default 0.7)",
                            "Similarité de Dice à partir de laquelle les fiches sont liées (0,7 par défaut)"}))
      ->check(CLI::Range(0.0, 1.0));
  match->add_option("--threads", match_args->threads, T(ctx, {"Worker threads (default 1)", "Fils de calcul (1 par défaut)"}))
      ->check(CLI::Range(1, 256));
  match->add_option("files", match_args->files,
                    T(ctx, {"Encodings CSV files (record_id,clk), one per agency",
                            "Fichiers CSV d'encodages (record_id,clk), un par organisme"}))
      ->required();
  match->callback([match_args, &ctx] { ctx.Finish(RunMatch(*match_args)); });
}

}  // namespace pprl_command
PALERMO_REGISTER_COMMAND(pprl, 31, pprl_command::Setup);
}  // namespace palermo::cli
