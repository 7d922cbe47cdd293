/* ops-fake-frappe-query-private.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A parsed list query of the fake Frappe, shared by the file that reads the
 * arguments (ops-fake-frappe-query.c) and the one that runs it
 * (ops-fake-frappe-rows.c).
 */

#pragma once

#include "ops-fake-frappe-private.h"

G_BEGIN_DECLS

typedef enum
{
  OPS_FAKE_OP_EQ,
  OPS_FAKE_OP_NE,
  OPS_FAKE_OP_GT,
  OPS_FAKE_OP_LT,
  OPS_FAKE_OP_GE,
  OPS_FAKE_OP_LE,
  OPS_FAKE_OP_LIKE,
  OPS_FAKE_OP_NOT_LIKE,
  OPS_FAKE_OP_IN,
  OPS_FAKE_OP_NOT_IN,
  OPS_FAKE_OP_BETWEEN,
  OPS_FAKE_OP_IS,
} OpsFakeOp;

/* One filter.  group is -1 for a field of the document itself, else the
 * index of a child doctype in the query's groups. */
typedef struct
{
  int        group;
  char      *field;
  OpsFakeOp  op;
  JsonNode  *value;
  GPtrArray *values;    /* JsonNode, for in, not in and between */
  char      *pattern;   /* case-folded, for like */
  gboolean   set;       /* for is */
} OpsFakeCondition;

/* One requested field; star is "*" (every top-level field). */
typedef struct
{
  int       group;
  char     *field;
  char     *key;
  gboolean  star;
} OpsFakeColumn;

typedef struct
{
  int       group;
  char     *field;
  gboolean  desc;
} OpsFakeOrderKey;

/* A child doctype the query touches. */
typedef struct
{
  char      *doctype;
  GPtrArray *fields;      /* table fields of the parent that hold its rows */
  GPtrArray *conditions;  /* OpsFakeCondition (borrowed from filters) */
  int        join;        /* index among the joined groups, or -1 */
} OpsFakeGroup;

struct _OpsFakeQuery
{
  OpsFakeTable *table;
  GPtrArray    *columns;      /* OpsFakeColumn */
  GPtrArray    *filters;      /* OpsFakeCondition, AND-ed */
  GPtrArray    *or_filters;   /* OpsFakeCondition, OR-ed */
  GPtrArray    *orders;       /* OpsFakeOrderKey */
  GPtrArray    *groups;       /* OpsFakeGroup */
  guint         n_joins;
  int          *join_groups;  /* join index → group index */
  guint         start;
  guint         page_length;  /* 0: every row */
  gboolean      dedupe_keys;
};

G_END_DECLS
