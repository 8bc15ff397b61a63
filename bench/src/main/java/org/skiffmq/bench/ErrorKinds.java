package org.skiffmq.bench;

import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;

/** Short names for failures in the table: the exception class, and the response code when there is one. */
final class ErrorKinds {

    private ErrorKinds() {
    }

    static String of(Throwable t) {
        if (t instanceof MQBrokerException b) {
            return "MQBrokerException code " + b.getResponseCode();
        }
        if (t instanceof MQClientException c && c.getResponseCode() > 0) {
            return "MQClientException code " + c.getResponseCode();
        }
        return t.getClass().getSimpleName();
    }
}
