/* Private declarations of the I/O layer. */
#ifndef ORF_IO_IMPL_H
#define ORF_IO_IMPL_H

#include "oreflow.h"

#include "base/base_impl.h"

#include <stdio.h>

typedef struct orf__summary {
    int el;                 /* valuable element (db index) or -1 */
    double feed_solids_tph; /* solids in the ore feeds: the feeds that carry the valuable element
                             * (all feeds when there is none): the basis of mass pull */
    double feed_el_tph;     /* valuable element in all feeds */
    double power_kw;        /* sum of units' power_kw */
    double water_in_tph;    /* feeds + water added by units */
    double water_out_tph;   /* water in final products */
} orf__summary;

/* Mass flow of element el (db index) in the particulate solids of size class s, t/h. */
double orf__element_size_tph(const orf_stream *st, int el, size_t s);
void orf__summary_compute(const orf_flowsheet *fs, orf__summary *sm);
/* Valuable element in size class k of the summary's products, t/h: the basis of the recovery by
 * size (product-size basis). */
double orf__summary_size_basis_tph(const orf_flowsheet *fs, const orf__summary *sm, size_t k);
double orf__summary_concentration_ratio(const orf_flowsheet *fs, const orf__summary *sm, size_t s);
double orf__summary_enrichment_ratio(const orf_flowsheet *fs, const orf__summary *sm, size_t s);
double orf__summary_recovery_pct(const orf_flowsheet *fs, const orf__summary *sm, size_t stream);
void orf__summary_write_table(const orf_flowsheet *fs, FILE *fp);
void orf__summary_write_json(const orf_flowsheet *fs, orf_json *j);
/* `liberation: {valuable_pct_by_class, liberated_pct}` of a stream with valuable particles and
 * composition classes (liberation_json.c); nothing otherwise. */
void orf__liberation_write_json(const orf_stream *st, orf_json *j);

/* Terminal tables pad with orf__utf8_width / orf__fput_padded (base_impl.h). */

#endif
