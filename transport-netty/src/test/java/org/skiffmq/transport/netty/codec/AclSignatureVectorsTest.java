package org.skiffmq.transport.netty.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.skiffmq.api.access.AclSignature;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.transport.netty.Vectors;

/** The two frames the official client's ACL hook signed, decoded by our codec and verified and re-signed by ours. */
class AclSignatureVectorsTest {

    @ParameterizedTest
    @CsvSource({"acl-get-route-json.hex, 0jiwhsaYp5ObE5GObbZH1I8/FT4=", "acl-send-v2-json.hex, /ibxco4Hs1IoQhFl4Xjw0jOnIwo="})
    void officialSignaturesVerifyAndAreReproduced(String vector, String signature) {
        RemotingCommand request = Frames.decode(Vectors.hex(vector));

        assertEquals(signature, request.ext(AclSignature.SIGNATURE));
        assertTrue(AclSignature.verify(request, "12345678"));
        assertFalse(AclSignature.verify(request, "12345679"), "another secret must not verify");
        assertEquals(signature, AclSignature.sign(AclSignature.signedContent(request), "12345678"));
    }

    @Test
    void aChangedFieldOrBodyNoLongerVerifies() {
        RemotingCommand request = Frames.decode(Vectors.hex("acl-send-v2-json.hex"));
        request.putExt("b", "OtherTopic");
        assertFalse(AclSignature.verify(request, "12345678"));

        RemotingCommand withBody = Frames.decode(Vectors.hex("acl-send-v2-json.hex"));
        withBody.getBody()[0] ^= 1;
        assertFalse(AclSignature.verify(withBody, "12345678"));
    }

    @Test
    void ourSignerMatchesTheOfficialHook() {
        RemotingCommand official = Frames.decode(Vectors.hex("acl-get-route-json.hex"));
        RemotingCommand ours = RemotingCommand.request(official.getCode());
        ours.putExt("topic", "TopicTest");

        AclSignature.signer("RocketMQ", "12345678").sign(ours);

        assertEquals("RocketMQ", ours.ext(AclSignature.ACCESS_KEY));
        assertEquals(official.ext(AclSignature.SIGNATURE), ours.ext(AclSignature.SIGNATURE));
    }
}
