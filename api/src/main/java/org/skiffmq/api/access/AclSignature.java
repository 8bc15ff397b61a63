package org.skiffmq.api.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.skiffmq.api.remoting.RemotingCommand;

/**
 * RocketMQ's request signature (ACL 1.0, kept unchanged by ACL 2.0), as the official client's
 * {@code AclClientRPCHook} computes it: HMAC-SHA1, keyed with the secret key, over the values of
 * every ext field except {@code Signature} in the order of their keys, then the body; Base64.
 */
public final class AclSignature {
    public static final String ACCESS_KEY = "AccessKey";
    public static final String SIGNATURE = "Signature";
    public static final String SECURITY_TOKEN = "SecurityToken";
    /** Dropped from what is signed for requests of version 399 or older, as RocketMQ's validator does. */
    static final String UNIQUE_KEY_QUERY = "_UNIQUE_KEY_QUERY";
    private static final String ALGORITHM = "HmacSHA1";

    private AclSignature() {
    }

    /** The bytes a request's signature covers. */
    public static byte[] signedContent(RemotingCommand request) {
        byte[] head = signedFields(request);
        byte[] body = request.getBody();
        if (body == null || body.length == 0) {
            return head;
        }
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** The signed ext-field values, concatenated in their keys' order, as UTF-8. */
    private static byte[] signedFields(RemotingCommand request) {
        Map<String, String> ext = request.getExtFields();
        TreeMap<String, String> sorted = ext == null ? new TreeMap<>() : new TreeMap<>(ext);
        sorted.remove(SIGNATURE);
        if (request.getVersion() <= 399) {
            sorted.remove(UNIQUE_KEY_QUERY);
        }
        StringBuilder values = new StringBuilder();
        for (String value : sorted.values()) {
            if (value != null) {
                values.append(value);
            }
        }
        return values.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Base64 of HMAC-SHA1 of {@code content}, keyed with {@code secretKey} as UTF-8. */
    public static String sign(byte[] content, String secretKey) {
        Mac mac = mac(secretKey);
        return Base64.getEncoder().encodeToString(mac.doFinal(content));
    }

    /** The signature of a request: fields, then body, fed to the HMAC in turn (the body is not copied). */
    static String sign(RemotingCommand request, String secretKey) {
        Mac mac = mac(secretKey);
        mac.update(signedFields(request));
        byte[] body = request.getBody();
        if (body != null) {
            mac.update(body);
        }
        return Base64.getEncoder().encodeToString(mac.doFinal());
    }

    private static Mac mac(String secretKey) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available in this JVM", e);
        }
    }

    /** Whether {@code request} carries a signature made with {@code secretKey}; compared in constant time. */
    public static boolean verify(RemotingCommand request, String secretKey) {
        String given = request.ext(SIGNATURE);
        if (given == null || secretKey == null || secretKey.isEmpty()) {
            return false;
        }
        byte[] expected = sign(request, secretKey).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
    }

    /** A signer adding {@code AccessKey} and {@code Signature} as the official client does. */
    public static RequestSigner signer(String accessKey, String secretKey) {
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isEmpty()) {
            throw new IllegalArgumentException("an access key and a secret key are both needed to sign requests");
        }
        return request -> {
            request.ensureExtFields();
            request.getExtFields().remove(SIGNATURE);
            request.putExt(ACCESS_KEY, accessKey);
            request.putExt(SIGNATURE, sign(request, secretKey));
        };
    }
}
