/* Nested-loop sequencing of the recycle blocks.
 *
 * A recycle block (a strongly connected component of the unit graph, planner.c) is split into
 * nested loops by the recursive decomposition of Bourdoncle (1993, "Efficient chaotic iteration
 * strategies with widenings", Formal Methods in Programming and their Applications, LNCS 735,
 * 128–141): the head of a component is its unit first discovered by the planner's tearing DFS;
 * without the streams into the head from inside the component, the rest splits again into
 * strongly connected components (Tarjan 1972), taken in topological order, each either one unit
 * or a loop decomposed the same way. The streams into a head from inside its component are that
 * loop's own tears. They are exactly the planner's tears (the DFS back edges): every other member
 * of a component is a DFS descendant of its head (white-path theorem), so a stream into the head
 * is a back edge; and a back edge u→w has w an ancestor of u, so u and w stay together until w is
 * the head. The plan checks this and keeps a block flat if it failed (it cannot, by the argument).
 *
 * The solver (solver.c) then converges each inner loop inside every iteration of the loop around
 * it (the "recursive iteration strategy" of Bourdoncle; the nested-loop sequencing of
 * Westerberg, Hutchison, Motard & Winter 1979, "Process Flowsheeting", ch. 3): a chain of n
 * loops costs a number of sweeps that does not grow with n, where sweeping the whole block until
 * every tear converges needs more sweeps the longer the chain (each loop's error feeds the next
 * one a sweep later).
 *
 * Loops deeper than MAX_DEPTH are not split further (the solver recurses once per level). */
#include "flowsheet_impl.h"

#include <string.h>

#define MAX_DEPTH 48

typedef struct nester {
    orf_flowsheet *fs;
    const int *is_tear, *dfn, *tear_of;
    int *tag, *index, *low, *onstack, *stack, *call, *pos, *sub, *cnt, *tmp;
    int tagc, sp, next, nsub;
    size_t out, nlt;
    size_t bfirst, bn; /* the block being split: range in fs->order */
    int fail;
} nester;

/* Tarjan's components of the units tagged `tg`, without the streams into `head`, from v0
 * (iteratively, like planner.c): sub[v] numbers them in reverse topological order. */
static void restricted_scc(nester *n, int tg, int head, int v0)
{
    orf_flowsheet *fs = n->fs;
    int depth = 0;
    n->call[depth++] = v0;
    n->pos[v0] = 0;
    n->index[v0] = n->low[v0] = n->next++;
    n->stack[n->sp++] = v0;
    n->onstack[v0] = 1;
    while (depth > 0) {
        int v = n->call[depth - 1];
        const orf_unit *u = &fs->units[v];
        if ((size_t)n->pos[v] < u->nout) {
            int w = fs->dst_unit[u->out[n->pos[v]++]];
            if (w < 0 || w == head || n->tag[w] != tg)
                continue;
            if (n->index[w] < 0) {
                n->index[w] = n->low[w] = n->next++;
                n->stack[n->sp++] = w;
                n->onstack[w] = 1;
                n->pos[w] = 0;
                n->call[depth++] = w;
            } else if (n->onstack[w] && n->index[w] < n->low[v]) {
                n->low[v] = n->index[w];
            }
            continue;
        }
        if (n->low[v] == n->index[v]) {
            int w;
            do {
                w = n->stack[--n->sp];
                n->onstack[w] = 0;
                n->sub[w] = n->nsub;
            } while (w != v);
            n->nsub++;
        }
        depth--;
        if (depth > 0 && n->low[v] < n->low[n->call[depth - 1]])
            n->low[n->call[depth - 1]] = n->low[v];
    }
}

/* 1 when unit v feeds itself */
static int self_fed(const orf_flowsheet *fs, int v)
{
    const orf_unit *u = &fs->units[v];
    for (size_t k = 0; k < u->nout; k++)
        if (fs->dst_unit[u->out[k]] == v)
            return 1;
    return 0;
}

/* Split the component mem[0..m) with head `head` into fs->loops[li] (and the loops inside it). */
static void nest(nester *n, int *mem, size_t m, int head, size_t li, int depth)
{
    orf_flowsheet *fs = n->fs;
    orf__loop *L = &fs->loops[li];
    int tg = ++n->tagc;
    L->first = n->out;
    L->tfirst = n->nlt;
    L->cfirst = fs->nloops;
    L->nc = L->nsub = 0;
    L->it = 0;
    for (size_t i = 0; i < m; i++) {
        n->tag[mem[i]] = tg;
        n->index[mem[i]] = -1;
    }
    int flat = depth >= MAX_DEPTH;
    /* own tears: into the head from inside (or, flat, every stream between members) */
    for (size_t i = 0; i < m; i++) {
        const orf_unit *u = &fs->units[mem[i]];
        for (size_t k = 0; k < u->nout; k++) {
            int s = u->out[k], w = fs->dst_unit[s];
            if (w < 0 || n->tag[w] != tg || (!flat && w != head))
                continue;
            if (!n->is_tear[s]) {
                if (!flat)
                    n->fail = 1;
                continue;
            }
            fs->ltears[n->nlt++] = (size_t)n->tear_of[s];
        }
    }
    L->nt = n->nlt - L->tfirst;
    if (flat) {
        /* the planner's order of the block restricted to the members is a valid one */
        for (size_t j = 0; j < n->bn; j++) {
            size_t v = fs->order[n->bfirst + j];
            if (n->tag[v] == tg)
                fs->norder[n->out++] = v;
        }
        L->n = n->out - L->first;
        return;
    }
    n->next = n->sp = n->nsub = 0;
    restricted_scc(n, tg, head, head);
    for (size_t i = 0; i < m; i++)
        if (n->index[mem[i]] < 0) /* unreachable from the head: cannot happen in a component */
            restricted_scc(n, tg, head, mem[i]);
    /* group the members by component, in topological order (Tarjan's last first) */
    for (int c = 0; c <= n->nsub; c++)
        n->cnt[c] = 0;
    for (size_t i = 0; i < m; i++)
        n->cnt[n->nsub - 1 - n->sub[mem[i]] + 1]++;
    for (int c = 0; c < n->nsub; c++)
        n->cnt[c + 1] += n->cnt[c];
    for (size_t i = 0; i < m; i++)
        n->tmp[n->cnt[n->nsub - 1 - n->sub[mem[i]]]++] = mem[i];
    memcpy(mem, n->tmp, m * sizeof *mem);
    /* the loops directly inside: reserve their slots, then split each */
    for (size_t i = 0, j; i < m; i = j) {
        for (j = i + 1; j < m && n->sub[mem[j]] == n->sub[mem[i]];)
            j++;
        if (j - i > 1 || self_fed(fs, mem[i]))
            L->nc++;
    }
    fs->nloops += L->nc;
    size_t child = L->cfirst;
    for (size_t i = 0, j; i < m; i = j) {
        for (j = i + 1; j < m && n->sub[mem[j]] == n->sub[mem[i]];)
            j++;
        if (j - i == 1 && !self_fed(fs, mem[i])) {
            fs->norder[n->out++] = (size_t)mem[i];
            continue;
        }
        int h = mem[i];
        for (size_t k = i + 1; k < j; k++)
            if (n->dfn[mem[k]] < n->dfn[h])
                h = mem[k];
        nest(n, mem + i, j - i, h, child++, depth + 1);
        L = &fs->loops[li];
    }
    L->n = n->out - L->first;
}

orf_status orf__plan_nest(orf_flowsheet *fs, const int *is_tear, const int *dfn)
{
    size_t nu = fs->nunits ? fs->nunits : 1, nm = fs->sys.nm ? fs->sys.nm : 1;
    fs->norder = orf__arena_alloc(&fs->arena, nu * sizeof *fs->norder);
    fs->npos = orf__arena_alloc(&fs->arena, nu * sizeof *fs->npos);
    fs->loops = orf__arena_alloc(&fs->arena, nu * sizeof *fs->loops);
    fs->ltears = orf__arena_alloc(&fs->arena, (fs->ntears ? fs->ntears : 1) * sizeof *fs->ltears);
    int *w = orf_calloc(fs->ctx, 11 * nu + fs->nstreams + 2, sizeof(int));
    if (!fs->norder || !fs->npos || !fs->loops || !fs->ltears || !w) {
        orf_free(fs->ctx, w);
        return orf_diag_emit(fs->ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    }
    nester n;
    memset(&n, 0, sizeof n);
    n.fs = fs;
    n.is_tear = is_tear;
    n.dfn = dfn;
    n.tag = w;
    n.index = w + nu;
    n.low = w + 2 * nu;
    n.onstack = w + 3 * nu;
    n.stack = w + 4 * nu;
    n.call = w + 5 * nu;
    n.pos = w + 6 * nu;
    n.sub = w + 7 * nu;
    n.tmp = w + 8 * nu;
    n.cnt = w + 9 * nu; /* nu + 1 */
    int *mem = w + 10 * nu + 1, *tear_of = w + 11 * nu + 1;
    for (size_t s = 0; s < fs->nstreams; s++)
        tear_of[s] = -1;
    for (size_t t = 0; t < fs->ntears; t++)
        tear_of[fs->tears[t]] = (int)t;
    n.tear_of = tear_of;
    fs->nloops = 0;
    for (size_t bi = 0; bi < fs->nblocks; bi++) {
        orf__block *b = &fs->blocks[bi];
        b->loop = -1;
        size_t out0 = n.out, nl0 = fs->nloops, nlt0 = n.nlt;
        if (b->is_loop) {
            int head = (int)fs->order[b->first];
            for (size_t j = 0; j < b->n; j++) {
                mem[j] = (int)fs->order[b->first + j];
                if (dfn[mem[j]] < dfn[head])
                    head = mem[j];
            }
            n.fail = 0;
            n.bfirst = b->first;
            n.bn = b->n;
            fs->nloops++;
            nest(&n, mem, b->n, head, nl0, 0);
            if (!n.fail && n.out - out0 == b->n && n.nlt - nlt0 == b->ntear) {
                b->loop = (int)nl0;
                fs->loops[nl0].nsub = fs->nloops - nl0;
                continue;
            }
            n.out = out0; /* keep this block flat */
            n.nlt = nlt0;
            fs->nloops = nl0;
        }
        for (size_t j = 0; j < b->n; j++)
            fs->norder[n.out++] = fs->order[b->first + j];
    }
    for (size_t j = 0; j < fs->nunits; j++)
        fs->npos[fs->norder[j]] = j;
    fs->lext = orf__arena_alloc(&fs->arena, (fs->nloops ? fs->nloops : 1) * nm * sizeof(double));
    orf_free(fs->ctx, w);
    if (!fs->lext)
        return orf_diag_emit(fs->ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    return ORF_OK;
}
