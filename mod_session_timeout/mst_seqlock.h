/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_seqlock.h: a sequence lock over a few 64-bit words, for the caches that
 * the threads of one httpd process share (the not-revoked cache of the store,
 * the verified-token cache).
 *
 * Readers never wait and never write: they read the sequence, the words, and
 * the sequence again, and use the words only if the sequence was even and did
 * not change. A writer makes the sequence odd with a compare-and-swap, stores
 * the words and makes it even again; a writer that finds it odd or loses the
 * swap gives up (the caches are caches: a skipped write costs a later miss,
 * never a wrong answer). The words are atomics read and written relaxed, so a
 * torn read is a detected race, not undefined behaviour; the fences order
 * them against the sequence (the usual C11 seqlock). Sequence 0 means "never
 * written". */
#ifndef MST_SEQLOCK_H
#define MST_SEQLOCK_H

#include <apr.h>
#include <stdatomic.h>
#include <stddef.h>

typedef atomic_uint_fast64_t mst_seqword;

/* Starts a read: returns the sequence to pass to mst_seqlock_read_ok(), or 0
 * if the slot is being written or was never written (a miss). */
static inline apr_uint64_t mst_seqlock_read_begin(const mst_seqword *seq)
{
    apr_uint64_t s = atomic_load_explicit(seq, memory_order_acquire);
    return (s & 1) ? 0 : s;
}

/* Copies n words of the slot into out (any time between begin and ok). */
static inline void mst_seqlock_load(const mst_seqword *w, size_t n, apr_uint64_t *out)
{
    for (size_t i = 0; i < n; i++) {
        out[i] = atomic_load_explicit(&w[i], memory_order_relaxed);
    }
}

/* 1 if the words loaded since mst_seqlock_read_begin() returned s are one
 * write's, i.e. no writer touched the slot meanwhile. */
static inline int mst_seqlock_read_ok(const mst_seqword *seq, apr_uint64_t s)
{
    atomic_thread_fence(memory_order_acquire);
    return s != 0 && atomic_load_explicit(seq, memory_order_relaxed) == s;
}

/* Stores n words into the slot unless another writer has it; returns 1 if
 * written. */
static inline int mst_seqlock_write(mst_seqword *seq, mst_seqword *w, size_t n,
                                    const apr_uint64_t *in)
{
    apr_uint64_t s = atomic_load_explicit(seq, memory_order_relaxed);
    if ((s & 1) || !atomic_compare_exchange_strong_explicit(seq, &s, s + 1, memory_order_relaxed,
                                                            memory_order_relaxed)) {
        return 0; /* another writer has it: skip, never wait */
    }
    atomic_thread_fence(memory_order_release);
    for (size_t i = 0; i < n; i++) {
        atomic_store_explicit(&w[i], in[i], memory_order_relaxed);
    }
    atomic_store_explicit(seq, s + 2, memory_order_release);
    return 1;
}

/* Initialises a slot of n words as never written (before any thread runs). */
static inline void mst_seqlock_init(mst_seqword *seq, mst_seqword *w, size_t n)
{
    atomic_init(seq, 0);
    for (size_t i = 0; i < n; i++) {
        atomic_init(&w[i], 0);
    }
}

#endif
