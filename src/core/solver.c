/* Sequential-modular flowsheet solver.
 *
 * Plan: units form a directed graph (stream = edge from producer to consumer). Strongly
 * connected components (Tarjan 1972, SIAM J. Comput. 1(2) 146) are the recycle blocks, solved in
 * topological order. Inside a block, tear streams are the back edges of a depth-first search
 * started at a unit that receives the block's external feed: removing them leaves an acyclic
 * graph (every cycle contains a back edge), which fixes the calculation order (Westerberg,
 * Hutchison, Motard & Winter 1979, "Process Flowsheeting", ch. 3).
 *
 * Iteration: successive substitution x_{k+1} = g(x_k) on the tear streams, accelerated by the
 * bounded Wegstein method applied to each variable (Wegstein 1958, Comm. ACM 1(6) 9):
 *   s = (g(x_k) − g(x_{k−1})) / (x_k − x_{k−1}),  q = s / (s − 1) bounded to [q_min, q_max],
 *   x_{k+1} = q·x_k + (1 − q)·g(x_k).
 * Convergence: for every tear and every material m, Σ_{j∈m} |g_j − x_j| / D_m < tol, with D_m the
 * smaller of the material's flow in the tear and in the block's external feed (floor 1e-12 of the
 * tear's total flow), and the temperature change relative to its absolute value. The sum bounds
 * the mass of m the tear creates or destroys, so every material's — hence every element's and the
 * total — balance closes to tol; dividing by the external feed as well keeps that true when the
 * circulating load is large (a 99.9 % recycle carries 1000× its feed, so a test relative to the
 * tear alone would let the plant balance miss by 1000 tol). The loop allocates nothing.
 *
 * Design specifications: each adjusts one numeric parameter so that a stream quantity reaches a
 * target, by Brent's method (Brent 1973, ch. 4) on a bracket found by secant steps from the
 * parameter's current value (a warm start), or else over the user's bracket; several specs are
 * met by Gauss–Seidel passes over them. */
#include "flowsheet_impl.h"

#include <gsl/gsl_errno.h>
#include <float.h>
#include <math.h>
#include <string.h>

/* ---- planning -------------------------------------------------------------------------------- */

typedef struct tarjan {
    orf_flowsheet *fs;
    int *index, *low, *onstack, *stack, *comp;
    int sp, next, ncomp;
} tarjan;

static void strongconnect(tarjan *t, int v)
{
    /* iterative over successors is not needed at flowsheet sizes (depth ≤ units) */
    orf_flowsheet *fs = t->fs;
    t->index[v] = t->low[v] = t->next++;
    t->stack[t->sp++] = v;
    t->onstack[v] = 1;
    orf_unit *u = &fs->units[v];
    for (size_t k = 0; k < u->nout; k++) {
        int w = fs->dst_unit[u->out[k]];
        if (w < 0)
            continue;
        if (t->index[w] < 0) {
            strongconnect(t, w);
            if (t->low[w] < t->low[v])
                t->low[v] = t->low[w];
        } else if (t->onstack[w] && t->index[w] < t->low[v]) {
            t->low[v] = t->index[w];
        }
    }
    if (t->low[v] == t->index[v]) {
        int w;
        do {
            w = t->stack[--t->sp];
            t->onstack[w] = 0;
            t->comp[w] = t->ncomp;
        } while (w != v);
        t->ncomp++;
    }
}

/* DFS inside a component marking back edges (tears). state: 0 new, 1 on path, 2 done. */
static void find_back_edges(orf_flowsheet *fs, const int *comp, int c, int v, int *state,
                            int *is_tear)
{
    state[v] = 1;
    orf_unit *u = &fs->units[v];
    for (size_t k = 0; k < u->nout; k++) {
        int s = u->out[k];
        int w = fs->dst_unit[s];
        if (w < 0 || comp[w] != c)
            continue;
        if (state[w] == 1)
            is_tear[s] = 1;
        else if (state[w] == 0)
            find_back_edges(fs, comp, c, w, state, is_tear);
    }
    state[v] = 2;
}

orf_status orf__flowsheet_plan(orf_flowsheet *fs)
{
    orf_ctx *ctx = fs->ctx;
    size_t n = fs->nunits;
    int *buf = orf_calloc(ctx, 8 * n + fs->nstreams + 1, sizeof(int));
    if (!buf)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    tarjan t = {fs, buf, buf + n, buf + 2 * n, buf + 3 * n, buf + 4 * n, 0, 0, 0};
    int *state = buf + 5 * n, *indeg = buf + 6 * n, *queue = buf + 7 * n;
    int *is_tear = buf + 8 * n;
    for (size_t i = 0; i < n; i++)
        t.index[i] = -1;
    for (size_t i = 0; i < n; i++)
        if (t.index[i] < 0)
            strongconnect(&t, (int)i);
    /* Tarjan numbers components in reverse topological order. */
    fs->order = orf__arena_alloc(&fs->arena, (n ? n : 1) * sizeof *fs->order);
    fs->unit_block = orf__arena_alloc(&fs->arena, (n ? n : 1) * sizeof *fs->unit_block);
    fs->blocks = orf__arena_alloc(&fs->arena, (size_t)(t.ncomp ? t.ncomp : 1) * sizeof *fs->blocks);
    if (!fs->order || !fs->blocks || !fs->unit_block) {
        orf_free(ctx, buf);
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    }
    size_t pos = 0;
    fs->nblocks = 0;
    fs->ntears = 0;
    for (int c = t.ncomp - 1; c >= 0; c--) {
        orf__block *b = &fs->blocks[fs->nblocks++];
        b->first = pos;
        size_t members = 0;
        int self_loop = 0, start = -1;
        for (size_t i = 0; i < n; i++) {
            if (t.comp[i] != c)
                continue;
            members++;
            orf_unit *u = &fs->units[i];
            for (size_t k = 0; k < u->nout; k++)
                if (fs->dst_unit[u->out[k]] == (int)i)
                    self_loop = 1;
            /* start the DFS at a unit fed from outside the block (first such in file order) */
            for (size_t k = 0; k < u->nin && start < 0; k++) {
                int src = fs->src_unit[u->in[k]];
                if (src < 0 || t.comp[src] != c)
                    start = (int)i;
            }
        }
        b->is_loop = members > 1 || self_loop;
        if (!b->is_loop) {
            for (size_t i = 0; i < n; i++)
                if (t.comp[i] == c) {
                    fs->unit_block[i] = (int)(fs->nblocks - 1);
                    fs->order[pos++] = i;
                }
            b->n = pos - b->first;
            continue;
        }
        if (start < 0)
            for (size_t i = 0; i < n && start < 0; i++)
                if (t.comp[i] == c)
                    start = (int)i;
        memset(state, 0, n * sizeof *state);
        find_back_edges(fs, t.comp, c, start, state, is_tear);
        for (size_t i = 0; i < n; i++)
            if (t.comp[i] == c && state[i] == 0)
                find_back_edges(fs, t.comp, c, (int)i, state, is_tear);
        /* Kahn's order inside the block without the tear edges */
        size_t qh = 0, qt = 0;
        for (size_t i = 0; i < n; i++) {
            if (t.comp[i] != c)
                continue;
            indeg[i] = 0;
            orf_unit *u = &fs->units[i];
            for (size_t k = 0; k < u->nin; k++) {
                int s = u->in[k], src = fs->src_unit[s];
                if (src >= 0 && t.comp[src] == c && !is_tear[s])
                    indeg[i]++;
            }
        }
        for (size_t i = 0; i < n; i++)
            if (t.comp[i] == c && indeg[i] == 0)
                queue[qt++] = (int)i;
        while (qh < qt) {
            int v = queue[qh++];
            fs->order[pos++] = (size_t)v;
            orf_unit *u = &fs->units[v];
            for (size_t k = 0; k < u->nout; k++) {
                int s = u->out[k], w = fs->dst_unit[s];
                if (w >= 0 && t.comp[w] == c && !is_tear[s] && --indeg[w] == 0)
                    queue[qt++] = w;
            }
        }
        b->n = pos - b->first;
        for (size_t j = b->first; j < pos; j++)
            fs->unit_block[fs->order[j]] = (int)(fs->nblocks - 1);
        if (b->n != members) {
            orf_free(ctx, buf);
            return orf_diag_emit(ctx, ORF_E_INTERNAL, NULL, NULL,
                                 "internal error: tearing left a cycle");
        }
    }
    /* per design spec, the blocks its parameter reaches (blocks are in topological order) */
    int *block_of = state; /* reuse: unit -> block */
    for (size_t bi = 0; bi < fs->nblocks; bi++)
        for (size_t j = 0; j < fs->blocks[bi].n; j++)
            block_of[fs->order[fs->blocks[bi].first + j]] = (int)bi;
    for (size_t i = 0; i < fs->nspecs; i++) {
        orf__spec *sp = &fs->specs[i];
        sp->blocks = orf__arena_alloc(&fs->arena, fs->nblocks ? fs->nblocks : 1);
        if (!sp->blocks) {
            orf_free(ctx, buf);
            return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
        }
        int su = sp->info.unit ? orf_flowsheet_unit_index(fs, sp->info.unit) : -1;
        for (size_t bi = 0; bi < fs->nblocks; bi++) {
            const orf__block *b = &fs->blocks[bi];
            int hit = su < 0 || block_of[su] == (int)bi;
            for (size_t j = 0; j < b->n && !hit; j++) {
                const orf_unit *u = &fs->units[fs->order[b->first + j]];
                for (size_t k = 0; k < u->nin && !hit; k++) {
                    int src = fs->src_unit[u->in[k]];
                    hit = src >= 0 && block_of[src] != (int)bi && sp->blocks[block_of[src]];
                }
            }
            sp->blocks[bi] = (unsigned char)hit;
        }
        /* Of those, only the blocks that lead to the target matter while the root is sought:
         * walk back from the target's block (sources of a block come before it). */
        sp->rest = orf__arena_alloc(&fs->arena, fs->nblocks ? fs->nblocks : 1);
        if (!sp->rest) {
            orf_free(ctx, buf);
            return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
        }
        int tu = sp->result ? sp->result_unit : sp->stream >= 0 ? fs->src_unit[sp->stream] : -1;
        if (tu < 0)
            continue; /* a target no unit produces: keep every downstream block in the search */
        unsigned char *needed = sp->rest; /* scratch, turned into `rest` below */
        memset(needed, 0, fs->nblocks);
        needed[block_of[tu]] = 1;
        for (size_t c = (size_t)block_of[tu] + 1; c-- > 0;) {
            if (!needed[c])
                continue;
            const orf__block *b = &fs->blocks[c];
            for (size_t j = 0; j < b->n; j++) {
                const orf_unit *u = &fs->units[fs->order[b->first + j]];
                for (size_t k = 0; k < u->nin; k++) {
                    int src = fs->src_unit[u->in[k]];
                    if (src >= 0)
                        needed[block_of[src]] = 1;
                }
            }
        }
        for (size_t bi = 0; bi < fs->nblocks; bi++) {
            unsigned char down = sp->blocks[bi];
            sp->blocks[bi] = (unsigned char)(down && needed[bi]);
            sp->rest[bi] = (unsigned char)(down && !needed[bi]);
        }
    }
    /* tears in block order */
    for (size_t s = 0; s < fs->nstreams; s++)
        fs->ntears += (size_t)is_tear[s];
    fs->tears = orf__arena_alloc(&fs->arena, (fs->ntears ? fs->ntears : 1) * sizeof *fs->tears);
    fs->shadow = orf__arena_alloc(&fs->arena, (fs->ntears ? fs->ntears : 1) * sizeof *fs->shadow);
    fs->tear_info =
        orf__arena_alloc(&fs->arena, (fs->ntears ? fs->ntears : 1) * sizeof *fs->tear_info);
    double *sh =
        orf__arena_alloc(&fs->arena, (fs->ntears ? fs->ntears : 1) * fs->sys.nvar * sizeof(double));
    fs->wk = orf_calloc(ctx, 3 * (fs->ntears ? fs->ntears : 1) * fs->sys.nvar, sizeof(double));
    if (!fs->tears || !fs->shadow || !fs->tear_info || !sh || !fs->wk) {
        orf_free(ctx, buf);
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    }
    size_t nt = 0;
    for (size_t bi = 0; bi < fs->nblocks; bi++) {
        orf__block *b = &fs->blocks[bi];
        b->tear_first = nt;
        for (size_t j = 0; j < b->n; j++) {
            orf_unit *u = &fs->units[fs->order[b->first + j]];
            for (size_t k = 0; k < u->nout; k++) {
                int s = u->out[k];
                if (!is_tear[s])
                    continue;
                fs->tears[nt] = s;
                fs->shadow[nt].name = fs->streams[s].name;
                fs->shadow[nt].sys = &fs->sys;
                fs->shadow[nt].x = sh + nt * fs->sys.nvar;
                fs->tear_info[nt].stream = s;
                fs->tear_info[nt].residual = 0;
                /* the producer writes g(x) into the shadow */
                fs->uout[fs->order[b->first + j]][k] = &fs->shadow[nt];
                nt++;
            }
        }
        b->ntear = nt - b->tear_first;
    }
    orf_free(ctx, buf);
    fs->planned = 1;
    return ORF_OK;
}

/* ---- solving --------------------------------------------------------------------------------- */

/* 1 when every x[j] is finite: x·0 is 0 for a finite x and NaN for an infinite or NaN one, so
 * the sums (four, for instruction-level parallelism) stay 0 exactly when all are finite. */
static int all_finite(const double *x, size_t n)
{
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t j = 0;
    for (; j + 4 <= n; j += 4) {
        s0 += x[j] * 0.0;
        s1 += x[j + 1] * 0.0;
        s2 += x[j + 2] * 0.0;
        s3 += x[j + 3] * 0.0;
    }
    for (; j < n; j++)
        s0 += x[j] * 0.0;
    return s0 + s1 + s2 + s3 == 0.0;
}

static orf_status eval_unit(orf_flowsheet *fs, size_t ui)
{
    orf_unit *u = &fs->units[ui];
    fs->unit_evals++;
    int rc = u->type->compute(u, fs->uin[ui], fs->uout[ui]);
    if (rc < 0)
        return orf_diag_emit(fs->ctx, ORF_E_NUMERIC, &u->loc, u->name,
                             "unit '%s' (%s) failed to compute (code %d)", u->name, u->type->name,
                             rc);
    if (rc > 0)
        orf_diag_warn(fs->ctx, &u->loc, u->name, "unit '%s' reported trouble (code %d)", u->name,
                      rc);
    /* guard: NaN in an outlet is never a silent answer */
    for (size_t k = 0; k < u->nout; k++) {
        const orf_stream *o = fs->uout[ui][k];
        if (all_finite(o->x, fs->sys.nvar))
            continue;
        for (size_t j = 0; j < fs->sys.nvar; j++)
            if (!isfinite(o->x[j]))
                return orf_diag_emit(fs->ctx, ORF_E_NUMERIC, &u->loc, u->name,
                                     "unit '%s' (%s) produced a non-finite value in stream '%s'",
                                     u->name, u->type->name, o->name);
    }
    return ORF_OK;
}

static double tear_residual(const orf_system *y, const double *x, const double *g,
                            const double *ext_m)
{
    size_t per = y->ns * y->nc, nflow = y->npart + y->nm;
    double tot = 0;
    for (size_t j = 0; j < nflow; j++)
        tot += fabs(g[j]);
    double fl = 1e-12 * tot > 1e-300 ? 1e-12 * tot : 1e-300, r = 0;
    for (size_t m = 0; m < y->nm; m++) {
        double d = fabs(g[y->npart + m] - x[y->npart + m]), t = fabs(g[y->npart + m]);
        size_t k0 = y->pslot[m] >= 0 ? (size_t)y->pslot[m] * per : 0, k1 = k0;
        if (y->pslot[m] >= 0)
            k1 = k0 + per;
        for (size_t k = k0; k < k1; k++) {
            d += fabs(g[k] - x[k]);
            t += fabs(g[k]);
        }
        double den = ext_m[m] > 0 && ext_m[m] < t ? ext_m[m] : t;
        double rm = d / (den > fl ? den : fl);
        if (rm > r)
            r = rm;
    }
    double tx = x[nflow], tg = g[nflow];
    double rt = fabs(tg - tx) / (fabs(tg) + 273.15);
    return r > rt ? r : rt;
}

static orf_status solve_block(orf_flowsheet *fs, orf__block *b, orf_solve_info *info)
{
    if (!b->is_loop) {
        for (size_t j = 0; j < b->n; j++) {
            orf_status st = eval_unit(fs, fs->order[b->first + j]);
            if (st)
                return st;
        }
        return ORF_OK;
    }
    const orf_system *y = &fs->sys;
    size_t nv = y->nvar, nt = b->ntear;
    double *xprev = fs->wk, *gprev = fs->wk + nt * nv;
    const orf_solver_opts *o = &fs->opts;
    /* external feed of the block per material: streams entering it from upstream blocks (fixed
     * meanwhile), kept in the third workspace segment */
    double *ext_m = fs->wk + 2 * nt * nv;
    memset(ext_m, 0, y->nm * sizeof *ext_m);
    int bi = fs->unit_block[fs->order[b->first]];
    for (size_t j = 0; j < b->n; j++) {
        const orf_unit *u = &fs->units[fs->order[b->first + j]];
        for (size_t k = 0; k < u->nin; k++) {
            int src = fs->src_unit[u->in[k]];
            if (src < 0 || fs->unit_block[src] != bi)
                for (size_t m = 0; m < y->nm; m++)
                    ext_m[m] += orf_stream_material_tph(&fs->streams[u->in[k]], m);
        }
    }
    for (int it = 1; it <= o->max_iter; it++) {
        info->iterations++;
        for (size_t j = 0; j < b->n; j++) {
            orf_status st = eval_unit(fs, fs->order[b->first + j]);
            if (st)
                return st;
        }
        double worst = 0;
        for (size_t k = 0; k < nt; k++) {
            size_t ti = b->tear_first + k;
            double *x = fs->streams[fs->tears[ti]].x;
            const double *g = fs->shadow[ti].x;
            double r = tear_residual(y, x, g, ext_m);
            fs->tear_info[ti].residual = r;
            if (r > worst)
                worst = r;
        }
        if (worst < o->tol) {
            /* the tear keeps x (what its consumers saw); g(x) differs from it by < tol */
            if (worst > info->max_residual)
                info->max_residual = worst;
            return ORF_OK;
        }
        for (size_t k = 0; k < nt; k++) {
            size_t ti = b->tear_first + k;
            double *x = fs->streams[fs->tears[ti]].x;
            const double *g = fs->shadow[ti].x;
            double *xp = xprev + k * nv, *gp = gprev + k * nv;
            for (size_t j = 0; j < nv; j++) {
                double xn = g[j];
                if (o->accel == ORF_ACCEL_WEGSTEIN && it > 2) {
                    double dx = x[j] - xp[j];
                    double scale = fabs(x[j]) + fabs(xp[j]);
                    if (fabs(dx) > 1e-14 * scale && scale > 0) {
                        double s = (g[j] - gp[j]) / dx;
                        double q = s / (s - 1.0);
                        if (!isfinite(q))
                            q = 0;
                        q = q < o->q_min ? o->q_min : q > o->q_max ? o->q_max : q;
                        xn = q * x[j] + (1.0 - q) * g[j];
                    }
                }
                if (j < y->npart + y->nm && xn < 0)
                    xn = 0;
                xp[j] = x[j];
                gp[j] = g[j];
                x[j] = xn;
            }
        }
    }
    /* not converged: name each tear and its residual */
    double worst = 0;
    for (size_t k = 0; k < nt; k++) {
        size_t ti = b->tear_first + k;
        orf_diag_emit(fs->ctx, ORF_E_NOT_CONVERGED, NULL, fs->streams[fs->tears[ti]].name,
                      "recycle through tear stream '%s' did not converge in %d iteration%s: "
                      "relative residual %.3g (tolerance %.3g)",
                      fs->streams[fs->tears[ti]].name, o->max_iter, o->max_iter == 1 ? "" : "s",
                      fs->tear_info[ti].residual, o->tol);
        if (fs->tear_info[ti].residual > worst)
            worst = fs->tear_info[ti].residual;
    }
    if (worst > info->max_residual)
        info->max_residual = worst;
    return ORF_E_NOT_CONVERGED;
}

/* Solve the blocks in order; with a mask, only those it marks (the others keep their streams). */
static orf_status solve_blocks(orf_flowsheet *fs, orf_solve_info *info, const unsigned char *mask)
{
    for (size_t bi = 0; bi < fs->nblocks; bi++) {
        if (mask && !mask[bi])
            continue;
        orf_status st = solve_block(fs, &fs->blocks[bi], info);
        if (st)
            return st;
    }
    return ORF_OK;
}

static orf_status solve_once(orf_flowsheet *fs, orf_solve_info *info)
{
    return solve_blocks(fs, info, NULL);
}

static double spec_value(orf_flowsheet *fs, const orf__spec *sp)
{
    if (sp->result)
        return fs->units[sp->result_unit].r[sp->result_index];
    const orf_stream *s = &fs->streams[sp->stream];
    double v = nan("");
    if (sp->assay)
        orf_stream_assay(s, sp->assay, &v);
    else if (!strcmp(sp->quantity, "solids_tph"))
        v = orf_stream_solids_tph(s);
    else if (!strcmp(sp->quantity, "water_tph"))
        v = orf_stream_water_tph(s);
    else if (!strcmp(sp->quantity, "pct_solids"))
        v = orf_stream_pct_solids(s);
    else if (!strcmp(sp->quantity, "total_tph"))
        v = orf_stream_total_tph(s);
    return v;
}

typedef struct spec_eval {
    orf_flowsheet *fs;
    orf__spec *sp;
    orf_solve_info *info;
    orf_status st;
    double last_p; /* the parameter the flowsheet's streams are solved at */
} spec_eval;

static double spec_residual(double p, void *vp)
{
    spec_eval *e = vp;
    *e->sp->param = p;
    e->last_p = p;
    /* only what the parameter reaches: the other blocks are solved at the current parameters */
    orf_status st = solve_blocks(e->fs, e->info, e->sp->blocks);
    if (st) {
        e->st = st;
        return nan("");
    }
    e->sp->info.iterations++;
    return spec_value(e->fs, e->sp) - e->sp->info.target;
}

/* Leave the flowsheet solved at root and record it. */
static orf_status spec_finish(spec_eval *e, double root)
{
    if (e->last_p != root || *e->sp->param != root)
        spec_residual(root, e);
    /* then what lies downstream of the parameter but beyond the target, once */
    if (!e->st && e->sp->rest) {
        orf_status st = solve_blocks(e->fs, e->info, e->sp->rest);
        if (st)
            e->st = st;
    }
    e->sp->info.value = root;
    e->sp->info.achieved = spec_value(e->fs, e->sp);
    return e->st;
}

/* Brent's method on a bracket [a, b] whose residuals fa, fb (of opposite signs) are known
 * (R. P. Brent, "Algorithms for Minimization without Derivatives", Prentice-Hall 1973, ch. 4,
 * procedure zero; the same algorithm as GSL's brent solver). Allocates nothing and evaluates
 * each point once. Returns 1 when converged (|f| < ftol or the bracket is narrower than xtol),
 * with the root in *root. */
static int spec_brent(spec_eval *e, double a, double b, double fa, double fb, double xtol,
                      double ftol, double *root)
{
    double c = a, fc = fa, d = b - a, m = d;
    for (int it = 0; it < 200; it++) {
        if ((fb > 0) == (fc > 0)) {
            c = a;
            fc = fa;
            d = m = b - a;
        }
        if (fabs(fc) < fabs(fb)) {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        double tol1 = 2.0 * DBL_EPSILON * fabs(b) + 0.5 * xtol;
        double xm = 0.5 * (c - b);
        *root = b;
        if (fabs(fb) < ftol || fabs(xm) <= tol1 || fb == 0)
            return 1;
        if (fabs(m) >= tol1 && fabs(fa) > fabs(fb)) {
            double s = fb / fa, p, q;
            if (a == c) {
                p = 2.0 * xm * s;
                q = 1.0 - s;
            } else {
                double qq = fa / fc, r = fb / fc;
                p = s * (2.0 * xm * qq * (qq - r) - (b - a) * (r - 1.0));
                q = (qq - 1.0) * (r - 1.0) * (s - 1.0);
            }
            if (p > 0)
                q = -q;
            else
                p = -p;
            double lim = 3.0 * xm * q - fabs(tol1 * q), lim2 = fabs(m * q);
            if (2.0 * p < (lim < lim2 ? lim : lim2)) {
                m = d;
                d = p / q;
            } else {
                d = m = xm;
            }
        } else {
            d = m = xm;
        }
        a = b;
        fa = fb;
        b += fabs(d) > tol1 ? d : (xm > 0 ? tol1 : -tol1);
        fb = spec_residual(b, e);
        if (e->st || !isfinite(fb))
            return 0;
    }
    return 0;
}

/* Meet one design spec. The search starts where the parameter is (a warm start: the file's value,
 * or the last solution when the flowsheet is re-solved after a small change) and brackets the
 * root with secant steps before Brent's method; only when that fails is the user's whole bracket
 * [min, max] tried. On entry the streams are solved at the current parameters (the solver keeps
 * them so: every evaluation re-solves all that the moved parameter reaches). */
static orf_status solve_spec(orf_flowsheet *fs, orf__spec *sp, orf_solve_info *info)
{
    spec_eval e = {fs, sp, info, ORF_OK, nan("")};
    double keep = *sp->param;
    double lo = sp->lo, hi = sp->hi;
    double atol = 1e-12 * (fabs(lo) + fabs(hi));
    double ftol = 1e-9 * (fabs(sp->info.target) > 1e-12 ? fabs(sp->info.target) : 1.0);
    double root;
    if (isfinite(keep) && keep > lo && keep < hi) {
        double a = keep;
        e.last_p = keep;
        double fa = spec_value(fs, sp) - sp->info.target;
        if (fabs(fa) < ftol)
            return spec_finish(&e, keep);
        double h = 1e-3 * (hi - lo);
        double b = keep + h <= hi ? keep + h : keep - h;
        double fb = spec_residual(b, &e);
        for (int k = 0; k < 8 && !e.st && isfinite(fa) && isfinite(fb) && (fa > 0) == (fb > 0);
             k++) {
            if (fabs(fb) < ftol)
                return spec_finish(&e, b);
            /* secant estimate (on either side: the root may lie beyond a or beyond b),
             * overshot by 20 % of the step so that it brackets the root */
            double c = fb != fa ? b - fb * (b - a) / (fb - fa) : nan("");
            if (!isfinite(c))
                c = b + 2.0 * (b - a);
            c += 0.2 * (c - b);
            c = c < lo ? lo : c > hi ? hi : c;
            if (c == b)
                break;
            a = b;
            fa = fb;
            b = c;
            fb = spec_residual(b, &e);
        }
        if (e.st)
            return e.st;
        if (isfinite(fa) && isfinite(fb) && (fa > 0) != (fb > 0)) {
            if (spec_brent(&e, a, b, fa, fb, atol, ftol, &root))
                return spec_finish(&e, root);
            if (e.st)
                return e.st;
        }
    }
    /* Fall back on the user's bracket. */
    double flo = spec_residual(lo, &e);
    if (e.st)
        return e.st;
    double fhi = spec_residual(hi, &e);
    if (e.st)
        return e.st;
    if (!isfinite(flo) || !isfinite(fhi) || (flo > 0) == (fhi > 0)) {
        /* leave the flowsheet solved at the parameter the file gave, and report that state */
        *sp->param = keep;
        if (solve_once(fs, info) == ORF_OK) {
            sp->info.value = keep;
            sp->info.achieved = spec_value(fs, sp);
        }
        return orf_diag_emit(fs->ctx, ORF_E_SPEC, &sp->loc, sp->info.name,
                             "design spec '%s' cannot be met: with %s.%s = %g the target gives "
                             "%g, with %g it gives %g; the target %g is not between them "
                             "(widen adjust.min/max or change the target)",
                             sp->info.name, sp->info.unit, sp->info.param, sp->lo,
                             flo + sp->info.target, sp->hi, fhi + sp->info.target, sp->info.target);
    }
    if (flo == 0 || fhi == 0)
        return spec_finish(&e, flo == 0 ? lo : hi);
    int ok = spec_brent(&e, lo, hi, flo, fhi, atol, ftol, &root);
    if (e.st)
        return e.st;
    spec_finish(&e, root);
    if (!ok)
        return orf_diag_emit(fs->ctx, ORF_E_SPEC, &sp->loc, sp->info.name,
                             "design spec '%s' did not converge (reached %g for target %g)",
                             sp->info.name, sp->info.achieved, sp->info.target);
    return e.st;
}

orf_status orf_flowsheet_solve(orf_flowsheet *fs, orf_solve_info *info)
{
    orf_solve_info local;
    if (!info)
        info = &local;
    memset(info, 0, sizeof *info);
    fs->unit_evals = 0;
    orf_status st = solve_once(fs, info);
    for (size_t pass = 0; !st && fs->nspecs && pass < 50; pass++) {
        for (size_t i = 0; i < fs->nspecs && !st; i++) {
            fs->specs[i].info.iterations = 0;
            st = solve_spec(fs, &fs->specs[i], info);
        }
        if (st)
            break;
        int all = 1;
        for (size_t i = 0; i < fs->nspecs; i++) {
            const orf__spec *sp = &fs->specs[i];
            double tol = 1e-6 * (fabs(sp->info.target) > 1e-12 ? fabs(sp->info.target) : 1.0);
            if (!(fabs(spec_value(fs, sp) - sp->info.target) <= tol))
                all = 0;
        }
        if (all)
            break;
        if (pass == 49)
            st = orf_diag_emit(fs->ctx, ORF_E_SPEC, NULL, NULL,
                               "the design specs could not be met together in 50 passes");
    }
    /* converged: the recycle loops converged (a design spec that cannot be met is reported by
     * the status, not as non-convergence) */
    info->converged = st == ORF_OK || st == ORF_E_SPEC;
    info->unit_evals = fs->unit_evals;
    info->ntears = fs->ntears;
    info->tears = fs->tear_info;
    return st;
}
