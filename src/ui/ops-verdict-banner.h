/* ops-verdict-banner.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first thing the equipment panel shows: the most severe verdict, its
 * recommended action and, on demand, the evidence; then the other findings.
 */

#pragma once

#include <gtk/gtk.h>

#include "ops-device-verdicts.h"

G_BEGIN_DECLS

#define OPS_TYPE_VERDICT_BANNER (ops_verdict_banner_get_type ())

G_DECLARE_FINAL_TYPE (OpsVerdictBanner, ops_verdict_banner, OPS, VERDICT_BANNER, GtkWidget)

GtkWidget  *ops_verdict_banner_new           (void);
/* verdicts: OpsVerdict, most severe first (may be empty). */
void        ops_verdict_banner_set_verdicts  (OpsVerdictBanner *self,
                                              GPtrArray        *verdicts,
                                              GDateTime        *now);
/* The code of the verdict shown first, or NULL. */
const char *ops_verdict_banner_get_code      (OpsVerdictBanner *self);
/* How many findings are listed under the banner. */
guint       ops_verdict_banner_get_n_others  (OpsVerdictBanner *self);

/* "Read from <parameter>: <value>, 3 min ago" for a verdict. */
char       *ops_verdict_evidence_text        (const OpsVerdict *verdict,
                                              GDateTime        *now);

G_END_DECLS
