package org.skiffmq.plugin.plainacl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.access.AccessDecision;
import org.skiffmq.api.access.AccessRequest;
import org.skiffmq.api.access.AclSignature;
import org.skiffmq.api.access.RequestAccess;
import org.skiffmq.api.access.RequestAccess.Role;
import org.skiffmq.api.access.ResourceAccess;
import org.skiffmq.api.access.ResourceAccess.Permission;
import org.skiffmq.api.remoting.RemotingCommand;

class PlainAclControlTest {
    static final String USERS = """
            accounts:
              - accessKey: producer
                secretKey: producer-secret
                defaultTopicPerm: DENY
                topicPerms: [ orders=PUB, audit-*=PUB|SUB, audit-private=DENY ]
              - accessKey: consumer
                secretKey: consumer-secret
                defaultGroupPerm: DENY
                topicPerms: [ orders=SUB ]
                groupPerms: [ billing=SUB ]
              - accessKey: admin
                secretKey: admin-secret
                admin: true
              - accessKey: office
                secretKey: office-secret
                whiteRemoteAddress: 10.1.*.*, 192.168.0.0/16
                defaultTopicPerm: PUB|SUB
            """;
    static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 40000);

    @TempDir
    Path dir;
    Path file;
    final AtomicLong clock = new AtomicLong();
    PlainAclControl acl;

    @BeforeEach
    void start() throws IOException {
        file = dir.resolve("plain_acl.yml");
        Files.writeString(file, USERS);
        acl = new PlainAclControl(clock::get);
        acl.configure(new PlainAclSettings(file.toString(), "admin", 1));
    }

    @Test
    void aSignedSendToAnAllowedTopicIsAllowed() {
        assertAllowed(check(send("orders"), "producer", "producer-secret"));
        assertAllowed(check(send("audit-2026"), "producer", "producer-secret"));
    }

    @Test
    void unsignedWrongSecretAndUnknownUsersAreRefusedWithoutTheSecret() {
        assertDenied(acl.check(request(send("orders"), LOCAL)), "not signed");
        AccessDecision wrong = check(send("orders"), "producer", "not-the-secret");
        assertDenied(wrong, "wrong signature for user 'producer'");
        assertFalse(wrong.reason().contains("producer-secret"));
        assertDenied(check(send("orders"), "stranger", "whatever-secret"), "unknown user 'stranger'");
    }

    @Test
    void aChangedFieldAfterSigningIsRefused() {
        RemotingCommand send = signed(send("orders"), "producer", "producer-secret");
        send.putExt("b", "audit-private");
        assertDenied(acl.check(request(send, LOCAL)), "wrong signature");
    }

    @Test
    void topicsAndGroupsFollowExactPrefixAndDefaultPermissions() {
        assertDenied(check(send("payments"), "producer", "producer-secret"), "no PUB on topic 'payments'");
        assertDenied(check(send("audit-private"), "producer", "producer-secret"), "no PUB on topic 'audit-private'");
        // A subscriber sending:
        assertDenied(check(send("orders"), "consumer", "consumer-secret"), "no PUB on topic 'orders'");
        assertAllowed(check(pull("orders", "billing"), "consumer", "consumer-secret"));
        assertDenied(check(pull("orders", "other-group"), "consumer", "consumer-secret"), "no SUB on group 'other-group'");
    }

    @Test
    void adminRequestsNeedAnAdminUser() {
        RemotingCommand create = RemotingCommand.request(17);
        create.putExt("topic", "new-topic");
        AclSignature.signer("producer", "producer-secret").sign(create);
        assertDenied(acl.check(new AccessRequest(AccessRequest.BROKER, LOCAL, create,
                new RequestAccess(17, Role.ADMIN, List.of()))), "needs an admin user");

        RemotingCommand asAdmin = RemotingCommand.request(17);
        asAdmin.putExt("topic", "new-topic");
        AclSignature.signer("admin", "admin-secret").sign(asAdmin);
        assertAllowed(acl.check(new AccessRequest(AccessRequest.BROKER, LOCAL, asAdmin,
                new RequestAccess(17, Role.ADMIN, List.of()))));
    }

    @Test
    void sourceAddressesAreCheckedAndAnUnreadableAddressIsRefused() {
        assertDenied(check(send("orders"), "office", "office-secret"), "may not connect from 127.0.0.1");
        RemotingCommand fromOffice = signed(send("orders"), "office", "office-secret");
        assertAllowed(acl.check(request(fromOffice, new InetSocketAddress("10.1.7.9", 1))));
        assertAllowed(acl.check(request(fromOffice, new InetSocketAddress("192.168.200.1", 1))));
        assertDenied(acl.check(request(fromOffice, new InetSocketAddress("10.2.0.1", 1))), "may not connect");
        assertDenied(acl.check(request(fromOffice, null)), "address cannot be read");
    }

    @Test
    void aChangedFileIsInForceAfterTheReloadInterval() throws IOException {
        assertDenied(check(send("payments"), "producer", "producer-secret"), "no PUB");
        rewrite(USERS.replace("orders=PUB,", "orders=PUB, payments=PUB,"));
        clock.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertAllowed(check(send("payments"), "producer", "producer-secret"));
    }

    @Test
    void aBrokenFileRefusesEverythingUntilItIsFixed() throws IOException {
        rewrite("accounts: [ {accessKey: producer} ]");
        clock.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertDenied(check(send("orders"), "producer", "producer-secret"), "has no secretKey");
        assertDenied(check(send("orders"), "admin", "admin-secret"), "refused until the file is fixed");

        Files.delete(file);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertDenied(check(send("orders"), "producer", "producer-secret"), "cannot be read");

        rewrite(USERS);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertAllowed(check(send("orders"), "producer", "producer-secret"));
    }

    @Test
    void theBrokerSignsAsItsAdminUser() {
        RemotingCommand register = RemotingCommand.request(103);
        register.putExt("brokerName", "broker-a");
        acl.brokerSigner().orElseThrow().sign(register);
        assertEquals("admin", register.ext(AclSignature.ACCESS_KEY));
        assertAllowed(acl.check(new AccessRequest(AccessRequest.NAME_SERVER, LOCAL, register,
                new RequestAccess(103, Role.BROKER, List.of()))));
    }

    @Test
    void badFilesAndSettingsStopTheStartNamingTheProblem() throws IOException {
        assertStartFails("globalWhiteRemoteAddresses: [ 10.*.*.* ]\n" + USERS, "globalWhiteRemoteAddresses");
        assertStartFails(USERS + "  - accessKey: producer\n    secretKey: other-secret\n", "two accounts");
        assertStartFails(USERS.replace("orders=PUB,", "orders=WRITE,"), "'WRITE'");
        assertStartFails(USERS.replace("10.1.*.*", "10.1.300.*"), "address pattern");
        assertStartFails(USERS.replace("defaultTopicPerm: DENY", "defaultTopicPerms: DENY"), "unknown key");
        assertStartFails("accounts: [ {accessKey: a, secretKey: short} ]", "shorter than 6");
        Files.writeString(file, USERS);
        IllegalArgumentException notAdmin = assertThrows(IllegalArgumentException.class,
                () -> new PlainAclControl().configure(new PlainAclSettings(file.toString(), "producer", 1)));
        assertTrue(notAdmin.getMessage().contains("not an admin account"), notAdmin.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PlainAclSettings(null, "admin", 1));
        assertThrows(IllegalArgumentException.class, () -> new PlainAclSettings("f", "admin", 0));
    }

    private void assertStartFails(String contents, String expected) throws IOException {
        Files.writeString(file, contents);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PlainAclControl().configure(new PlainAclSettings(file.toString(), "admin", 1)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private void rewrite(String contents) throws IOException {
        Files.writeString(file, contents);
        // A different modification time even on file systems with coarse clocks.
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + clock.get() / 1_000_000 + 5000));
    }

    private AccessDecision check(RemotingCommand command, String accessKey, String secretKey) {
        return acl.check(request(signed(command, accessKey, secretKey), LOCAL));
    }

    private static RemotingCommand signed(RemotingCommand command, String accessKey, String secretKey) {
        AclSignature.signer(accessKey, secretKey).sign(command);
        return command;
    }

    private static AccessRequest request(RemotingCommand command, InetSocketAddress remote) {
        return new AccessRequest(AccessRequest.BROKER, remote, command, classify(command));
    }

    /** The kernel's classification of the two kinds of request used here. */
    private static RequestAccess classify(RemotingCommand command) {
        if (command.getCode() == 310) {
            return new RequestAccess(310, Role.USER, List.of(ResourceAccess.topic(command.ext("b"), Permission.PUB)));
        }
        return new RequestAccess(11, Role.USER, List.of(ResourceAccess.topic(command.ext("topic"), Permission.SUB),
                ResourceAccess.group(command.ext("consumerGroup"))));
    }

    private static RemotingCommand send(String topic) {
        RemotingCommand send = RemotingCommand.request(310);
        send.putExt("a", "producer-group");
        send.putExt("b", topic);
        send.setBody("hello".getBytes());
        return send;
    }

    private static RemotingCommand pull(String topic, String group) {
        RemotingCommand pull = RemotingCommand.request(11);
        pull.putExt("topic", topic);
        pull.putExt("consumerGroup", group);
        return pull;
    }

    private static void assertAllowed(AccessDecision decision) {
        assertTrue(decision.allowed(), decision.reason());
    }

    private static void assertDenied(AccessDecision decision, String reasonPart) {
        assertFalse(decision.allowed(), "allowed, expected a refusal with: " + reasonPart);
        assertTrue(decision.reason().contains(reasonPart), decision.reason());
    }
}
