// SPDX-License-Identifier: AGPL-3.0-or-later
// src/link/link.h: finds the same person across and within agencies' lists.
//
// Promises: records in any script are normalised (ICU Any-Latin; Latin-ASCII, name variant
// families from data/link/name_variants.csv, partial and day/month-swapped birth dates, ISO
// 3166 nationalities, E.164 phones, document numbers with O/0 and I/L/1 folded); candidate
// pairs come from several blocking rules unioned, without quadratic memory; each pair gets a
// Fellegi–Sunter match weight with m by EM and u from random pairs, term-frequency adjusted
// for names, explainable field by field; links above a threshold form clusters, weak bridges
// in chains are cut, uncertain pairs go to a review list, and people's decisions (same /
// different) are enforced. Nothing is merged in case files: the output is a proposal.
// Privacy-preserving linkage: keyed Bloom-filter encodings (CLK, 1024 bits) and Dice.
// The module works on in-memory tables only and depends on core alone. It never logs.
//
//   std::vector<link::SourceTable> tables = {...};          // text rows + column roles
//   link::LinkOptions options;  options.threshold = 0.9;  options.threads = 2;
//   Result<link::LinkResult> r = link::LinkTables(tables, options);
//   r->clusters.cluster_of[i]     // cluster of r->data.records[i] (table, row)
//   r->links[k].weights           // why pair k was linked, field by field
//
// Thread safety: LinkTables is reentrant; it uses options.threads worker threads.
#pragma once

#include "link/blocking.h"
#include "link/cluster.h"
#include "link/dataset.h"
#include "link/fellegi_sunter.h"
#include "link/mapping.h"
#include "link/normalise.h"
#include "link/pipeline.h"
#include "link/pprl.h"
#include "link/record.h"
#include "link/training.h"
