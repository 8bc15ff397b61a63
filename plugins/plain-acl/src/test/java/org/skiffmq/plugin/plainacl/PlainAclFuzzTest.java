package org.skiffmq.plugin.plainacl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.skiffmq.api.access.AccessDecision;
import org.skiffmq.api.access.AccessRequest;
import org.skiffmq.api.access.AclSignature;
import org.skiffmq.api.access.RequestAccess;
import org.skiffmq.api.access.ResourceAccess;
import org.skiffmq.api.access.ResourceAccess.Permission;
import org.skiffmq.api.remoting.RemotingCommand;

/**
 * Hostile credential and signature fields against the access check: whatever the AccessKey,
 * Signature, SecurityToken, other fields, body and version a caller sends, the check answers (it
 * never throws) and never allows a request that was not signed with a real account's secret.
 * Inputs replay in every build from {@code PlainAclFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class PlainAclFuzzTest {
    private static final PlainAclControl ACL = configured();

    @FuzzTest(maxDuration = "60s")
    void forgedCredentialsAreNeverAllowed(FuzzedDataProvider data) {
        RemotingCommand request = RemotingCommand.request(310);
        request.setVersion(data.consumeInt(0, 1000));
        request.putExt("b", "orders");
        // An existing user's key often enough to reach the signature check.
        request.putExt(AclSignature.ACCESS_KEY, data.consumeBoolean() ? "producer" : data.consumeString(40));
        if (data.consumeBoolean()) {
            request.putExt(AclSignature.SIGNATURE, data.consumeString(60));
        }
        if (data.consumeBoolean()) {
            request.putExt(AclSignature.SECURITY_TOKEN, data.consumeString(40));
        }
        int extra = data.consumeInt(0, 4);
        for (int i = 0; i < extra; i++) {
            request.putExt(data.consumeString(12), data.consumeString(30));
        }
        request.setBody(data.consumeRemainingAsBytes());

        AccessDecision decision = ACL.check(new AccessRequest(AccessRequest.BROKER,
                new InetSocketAddress("127.0.0.1", 1), request,
                new RequestAccess(310, RequestAccess.Role.USER, List.of(ResourceAccess.topic("orders", Permission.PUB)))));

        assertNotNull(decision);
        assertFalse(decision.allowed() && !AclSignature.verify(request, "producer-secret"),
                "allowed a request not signed with the producer's secret");
        // A remark may quote what the caller sent (an unknown access key), never a secret it did not send.
        boolean sentIt = request.getExtFields().values().stream().anyMatch(v -> v != null && v.contains("producer-secret"));
        assertFalse(decision.reason().contains("producer-secret") && !sentIt, "a remark carried the secret");
    }

    private static PlainAclControl configured() {
        try {
            Path file = Files.createTempFile("plain_acl", ".yml");
            file.toFile().deleteOnExit();
            Files.writeString(file, PlainAclControlTest.USERS);
            PlainAclControl acl = new PlainAclControl();
            acl.configure(new PlainAclSettings(file.toString(), "admin", 3600));
            return acl;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
