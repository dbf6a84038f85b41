/* The liberation spectrum of a stream in the JSON result: the share of the valuable mineral's
 * mass in each composition class (the class of vfrac 1 holds the liberated mineral), the basis of
 * the report's liberation chart (King 2001, "Modeling and Simulation of Mineral Processing
 * Systems", ch. 4: the liberation spectrum as the grade distribution of the mineral). */
#include "io_impl.h"

#include <math.h>

void orf__liberation_write_json(const orf_stream *st, orf_json *j)
{
    const orf_system *y = st->sys;
    if (y->nc < 2 || y->valuable < 0 || !orf_has_particles(y, (size_t)y->valuable))
        return;
    size_t v = (size_t)y->valuable;
    double tot = 0.0, lib = 0.0;
    for (size_t s = 0; s < y->ns; s++)
        for (size_t c = 0; c < y->nc; c++) {
            double m = st->x[orf_ix(y, v, s, c)];
            tot += m;
            lib += y->vfrac[c] == 1.0 ? m : 0.0;
        }
    if (!(tot > 0.0))
        return;
    orf_json_key(j, "liberation");
    orf_json_begin_object(j);
    orf_json_key(j, "valuable_pct_by_class");
    orf_json_begin_array(j);
    for (size_t c = 0; c < y->nc; c++) {
        double m = 0.0;
        for (size_t s = 0; s < y->ns; s++)
            m += st->x[orf_ix(y, v, s, c)];
        orf_json_number(j, 100.0 * m / tot);
    }
    orf_json_end_array(j);
    orf_json_key_number(j, "liberated_pct", 100.0 * lib / tot);
    orf_json_end_object(j);
}
