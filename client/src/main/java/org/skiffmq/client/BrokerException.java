package org.skiffmq.client;

import org.skiffmq.api.remoting.ResponseCode;

/**
 * A broker answered a request with an error code. {@link #responseCode()} is RocketMQ's code
 * (see {@link ResponseCode}); {@link #remark()} is the broker's own explanation.
 */
public class BrokerException extends ClientException {
    private static final long serialVersionUID = 1L;
    private final int responseCode;
    private final String remark;
    private final String brokerName;
    private final String brokerAddress;

    public BrokerException(int responseCode, String remark, String brokerName, String brokerAddress) {
        super("broker " + brokerName + " (" + brokerAddress + ") answered " + codeName(responseCode) + " ("
                + responseCode + ")" + (remark == null || remark.isBlank() ? "" : ": " + remark.strip()));
        this.responseCode = responseCode;
        this.remark = remark;
        this.brokerName = brokerName;
        this.brokerAddress = brokerAddress;
    }

    public int responseCode() {
        return responseCode;
    }

    /** The broker's explanation, or null. */
    public String remark() {
        return remark;
    }

    public String brokerName() {
        return brokerName;
    }

    public String brokerAddress() {
        return brokerAddress;
    }

    /** RocketMQ's name of a response code, for messages people read. */
    public static String codeName(int code) {
        return switch (code) {
            case ResponseCode.SUCCESS -> "SUCCESS";
            case ResponseCode.SYSTEM_ERROR -> "SYSTEM_ERROR";
            case ResponseCode.SYSTEM_BUSY -> "SYSTEM_BUSY";
            case ResponseCode.REQUEST_CODE_NOT_SUPPORTED -> "REQUEST_CODE_NOT_SUPPORTED";
            case ResponseCode.FLUSH_DISK_TIMEOUT -> "FLUSH_DISK_TIMEOUT";
            case ResponseCode.SLAVE_NOT_AVAILABLE -> "SLAVE_NOT_AVAILABLE";
            case ResponseCode.FLUSH_SLAVE_TIMEOUT -> "FLUSH_SLAVE_TIMEOUT";
            case ResponseCode.MESSAGE_ILLEGAL -> "MESSAGE_ILLEGAL";
            case ResponseCode.SERVICE_NOT_AVAILABLE -> "SERVICE_NOT_AVAILABLE";
            case ResponseCode.VERSION_NOT_SUPPORTED -> "VERSION_NOT_SUPPORTED";
            case ResponseCode.NO_PERMISSION -> "NO_PERMISSION";
            case ResponseCode.TOPIC_NOT_EXIST -> "TOPIC_NOT_EXIST";
            default -> "code";
        };
    }
}
