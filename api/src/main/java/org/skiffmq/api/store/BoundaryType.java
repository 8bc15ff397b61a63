package org.skiffmq.api.store;

/** Which side of a timestamp an offset search lands on. */
public enum BoundaryType {
    /** The first message stored at or after the time. */
    LOWER,
    /** The last message stored at or before the time. */
    UPPER
}
