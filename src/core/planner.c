/* Flowsheet planning: the evaluation order of the sequential-modular solver.
 *
 * Units form a directed graph (stream = edge from producer to consumer). Strongly
 * connected components (Tarjan 1972, SIAM J. Comput. 1(2) 146) are the recycle blocks, solved in
 * topological order. Inside a block, tear streams are the back edges of a depth-first search
 * started at a unit that receives the block's external feed: removing them leaves an acyclic
 * graph (every cycle contains a back edge), which fixes the calculation order (Westerberg,
 * Hutchison, Motard & Winter 1979, "Process Flowsheeting", ch. 3). For each design spec, the
 * blocks between its adjusted unit and its target are marked (specs.c). */
#include "flowsheet_impl.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- planning -------------------------------------------------------------------------------- */

typedef struct tarjan {
    orf_flowsheet *fs;
    int *index, *low, *onstack, *stack, *comp;
    int sp, next, ncomp;
} tarjan;

/* Tarjan's strongly connected components from v, iteratively (a chain of 100,000 units would
 * overflow the C stack if recursive): call[] holds the DFS path, pos[] the next outlet of each
 * unit on it to look at. */
static void strongconnect(tarjan *t, int v0, int *call, int *pos)
{
    orf_flowsheet *fs = t->fs;
    int depth = 0;
    call[depth++] = v0;
    pos[v0] = 0;
    t->index[v0] = t->low[v0] = t->next++;
    t->stack[t->sp++] = v0;
    t->onstack[v0] = 1;
    while (depth > 0) {
        int v = call[depth - 1];
        const orf_unit *u = &fs->units[v];
        if ((size_t)pos[v] < u->nout) {
            int w = fs->dst_unit[u->out[pos[v]++]];
            if (w < 0)
                continue;
            if (t->index[w] < 0) {
                t->index[w] = t->low[w] = t->next++;
                t->stack[t->sp++] = w;
                t->onstack[w] = 1;
                pos[w] = 0;
                call[depth++] = w;
            } else if (t->onstack[w] && t->index[w] < t->low[v]) {
                t->low[v] = t->index[w];
            }
            continue;
        }
        /* v is done: close its component, then hand its low link to its caller */
        if (t->low[v] == t->index[v]) {
            int w;
            do {
                w = t->stack[--t->sp];
                t->onstack[w] = 0;
                t->comp[w] = t->ncomp;
            } while (w != v);
            t->ncomp++;
        }
        depth--;
        if (depth > 0 && t->low[v] < t->low[call[depth - 1]])
            t->low[call[depth - 1]] = t->low[v];
    }
}

/* DFS inside component c from v marking back edges (tears), iteratively like strongconnect.
 * state: 0 new, 1 on path, 2 done; dfn: the order in which units are discovered. */
static void find_back_edges(orf_flowsheet *fs, const int *comp, int c, int v0, int *state,
                            int *is_tear, int *call, int *pos, int *dfn, int *ndfn)
{
    int depth = 0;
    call[depth++] = v0;
    pos[v0] = 0;
    state[v0] = 1;
    dfn[v0] = (*ndfn)++;
    while (depth > 0) {
        int v = call[depth - 1];
        const orf_unit *u = &fs->units[v];
        if ((size_t)pos[v] >= u->nout) {
            state[v] = 2;
            depth--;
            continue;
        }
        int s = u->out[pos[v]++];
        int w = fs->dst_unit[s];
        if (w < 0 || comp[w] != c)
            continue;
        if (state[w] == 1)
            is_tear[s] = 1;
        else if (state[w] == 0) {
            state[w] = 1;
            dfn[w] = (*ndfn)++;
            pos[w] = 0;
            call[depth++] = w;
        }
    }
}

orf_status orf__flowsheet_plan(orf_flowsheet *fs)
{
    orf_ctx *ctx = fs->ctx;
    size_t n = fs->nunits;
    int *buf = orf_calloc(ctx, 11 * n + fs->nstreams + 2, sizeof(int));
    if (!buf)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    tarjan t = {fs, buf, buf + n, buf + 2 * n, buf + 3 * n, buf + 4 * n, 0, 0, 0};
    int *state = buf + 5 * n, *indeg = buf + 6 * n, *queue = buf + 7 * n;
    int *is_tear = buf + 8 * n;
    /* the members of each component in file order: cmem[cfirst[c] .. cfirst[c + 1]) */
    int *cmem = buf + 8 * n + fs->nstreams, *cfirst = cmem + n;
    int *dfn = cfirst + n + 1, ndfn = 0; /* discovery order of the tearing DFS (plan_nest.c) */
    for (size_t i = 0; i < n; i++)
        t.index[i] = -1;
    for (size_t i = 0; i < n; i++)
        if (t.index[i] < 0)
            strongconnect(&t, (int)i, queue, state);
    for (size_t i = 0; i < n; i++)
        cfirst[t.comp[i] + 1]++;
    for (int c = 0; c < t.ncomp; c++)
        cfirst[c + 1] += cfirst[c];
    for (size_t i = 0; i < n; i++)
        cmem[cfirst[t.comp[i]] + indeg[t.comp[i]]++] = (int)i;
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
        const int *mem = cmem + cfirst[c];
        size_t members = (size_t)(cfirst[c + 1] - cfirst[c]);
        int self_loop = 0, start = -1;
        for (size_t m = 0; m < members; m++) {
            size_t i = (size_t)mem[m];
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
        b->loop = -1;
        if (!b->is_loop) {
            for (size_t m = 0; m < members; m++) {
                fs->unit_block[mem[m]] = (int)(fs->nblocks - 1);
                fs->order[pos++] = (size_t)mem[m];
            }
            b->n = pos - b->first;
            continue;
        }
        if (start < 0) {
            /* nothing enters the loop: it can only carry what it starts with, which is nothing */
            const orf_unit *u0 = &fs->units[mem[0]];
            orf_diag_warn(ctx, &u0->loc, u0->name,
                          "the recycle loop through '%s' (%zu units) receives no feed: no stream "
                          "from outside the loop enters it, so it carries nothing (is a feed "
                          "routed to the wrong unit?)",
                          u0->name, members);
            start = mem[0];
        }
        for (size_t m = 0; m < members; m++)
            state[mem[m]] = 0;
        find_back_edges(fs, t.comp, c, start, state, is_tear, queue, indeg, dfn, &ndfn);
        for (size_t m = 0; m < members; m++)
            if (state[mem[m]] == 0)
                find_back_edges(fs, t.comp, c, mem[m], state, is_tear, queue, indeg, dfn, &ndfn);
        /* Kahn's order inside the block without the tear edges */
        size_t qh = 0, qt = 0;
        for (size_t m = 0; m < members; m++) {
            size_t i = (size_t)mem[m];
            indeg[i] = 0;
            orf_unit *u = &fs->units[i];
            for (size_t k = 0; k < u->nin; k++) {
                int s = u->in[k], src = fs->src_unit[s];
                if (src >= 0 && t.comp[src] == c && !is_tear[s])
                    indeg[i]++;
            }
        }
        for (size_t m = 0; m < members; m++)
            if (indeg[mem[m]] == 0)
                queue[qt++] = mem[m];
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
    /* x_prev, g_prev, the block's external feed; then per tear its last total flow and the number
     * of iterations it has grown in a row (solver.c). The accelerator's ΔX and ΔF (tear_accel.c)
     * apart and not zeroed: always written before they are read, their pages stay untouched (not
     * resident) while no loop switches to Anderson's steps. */
    size_t ntw = fs->ntears ? fs->ntears : 1, nh = 2 * ORF_ACCEL_DEPTH * fs->sys.nvar;
    fs->wk = orf_calloc(ctx, (3 * fs->sys.nvar + 2) * ntw, sizeof(double));
    fs->hist =
        nh <= SIZE_MAX / sizeof(double) / ntw ? orf_malloc(ctx, nh * ntw * sizeof(double)) : NULL;
    fs->accel_w = orf__arena_alloc(&fs->arena, 3 * fs->sys.nvar * sizeof(double));
    /* the accelerator's clock and index lists per tear (tear_accel.c), apart like the history and
     * not zeroed: a tear's clock is zeroed at its first step (accel_nz_ok), so pages stay untouched
     * (not resident) for the tears of loops that never switch to Anderson */
    size_t nvi = fs->sys.nvar + 1;
    fs->accel_idx = nvi <= SIZE_MAX / sizeof(size_t) / ntw
                        ? orf_malloc(ctx, ntw * nvi * sizeof *fs->accel_idx)
                        : NULL;
    fs->accel_nz = nvi <= SIZE_MAX / sizeof(unsigned long long) / ntw
                       ? orf_malloc(ctx, ntw * fs->sys.nvar * sizeof *fs->accel_nz)
                       : NULL;
    fs->accel_nz_ok = orf__arena_alloc(&fs->arena, ntw);
    if (!fs->tears || !fs->shadow || !fs->tear_info || !sh || !fs->wk || !fs->hist ||
        !fs->accel_w || !fs->accel_idx || !fs->accel_nz || !fs->accel_nz_ok) {
        orf_free(ctx, buf);
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    }
    fs->accel_f = fs->accel_w + fs->sys.nvar;
    fs->accel_wdf = fs->accel_f + fs->sys.nvar;
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
    orf_status st = orf__plan_nest(fs, is_tear, dfn);
    orf_free(ctx, buf);
    if (st)
        return st;
    /* a history for the recycle blocks only (a long chain has as many blocks as units) */
    fs->naccb = 0;
    for (size_t bi = 0; bi < fs->nblocks; bi++)
        fs->blocks[bi].acc = fs->blocks[bi].is_loop ? (int)fs->naccb++ : -1;
    fs->accel = orf__arena_alloc(&fs->arena, (fs->naccb + fs->nloops + 1) * sizeof *fs->accel);
    if (!fs->accel)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    fs->planned = 1;
    return ORF_OK;
}
