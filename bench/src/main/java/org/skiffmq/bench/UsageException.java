package org.skiffmq.bench;

/** The command line cannot be run as given; the message says what is wrong and what to do. */
final class UsageException extends Exception {

    UsageException(String message) {
        super(message);
    }
}
