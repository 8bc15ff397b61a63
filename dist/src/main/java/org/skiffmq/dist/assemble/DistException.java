package org.skiffmq.dist.assemble;

/**
 * {@code skiff dist} cannot go on. The message is one line for the user: what was wrong and what to
 * do; {@link #exitCode()} is 2 for a request that cannot be met as given, 1 for a failure on disk.
 */
public final class DistException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    private DistException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The options ask for something that does not exist or cannot be done. */
    public static DistException badRequest(String message) {
        return new DistException(message, 2, null);
    }

    /** Reading the running distribution or writing the new one failed. */
    public static DistException failed(String message, Throwable cause) {
        return new DistException(message, 1, cause);
    }

    public int exitCode() {
        return exitCode;
    }
}
