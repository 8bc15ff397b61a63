package org.skiffmq.kernel.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.skiffmq.api.settings.SizeSetting;

/** A size in bytes, written in configuration as a number or with a unit: {@code 4m}, {@code 1g}, {@code 512k}. */
public record ByteSize(long bytes) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ByteSize parse(String text) {
        return new ByteSize(SizeSetting.parse(text, null));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ByteSize of(long bytes) {
        return new ByteSize(bytes);
    }

    /** The size as an int, for settings that cannot exceed 2 GiB. */
    public int toIntExact(String setting) {
        if (bytes > Integer.MAX_VALUE || bytes < 0) {
            throw new IllegalArgumentException(setting + " must be between 0 and 2g; was " + bytes + " bytes");
        }
        return (int) bytes;
    }

    @JsonValue
    public long value() {
        return bytes;
    }
}
