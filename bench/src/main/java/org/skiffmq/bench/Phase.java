package org.skiffmq.bench;

/** Where a run is: results count only in {@link #MEASURE}. */
enum Phase {
    WARMUP, MEASURE, DONE
}
