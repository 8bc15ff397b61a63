package org.skiffmq.plugin.plainacl;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.skiffmq.api.access.AccessControl;
import org.skiffmq.api.access.AccessDecision;
import org.skiffmq.api.access.AccessRequest;
import org.skiffmq.api.access.AclSignature;
import org.skiffmq.api.access.RequestAccess;
import org.skiffmq.api.access.RequestSigner;
import org.skiffmq.api.access.ResourceAccess;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.settings.Configurable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access control as RocketMQ's ACL 1.0 does it, for its unchanged clients: every request is signed
 * ({@code AccessKey} and {@code Signature}, HMAC-SHA1 with the user's secret key), the user is
 * looked up in a {@code plain_acl.yml} users file, and the request's topics and groups are checked
 * against the user's permissions. Requests for operators and admins need an admin account.
 *
 * <p>The file is read at start (a bad file stops the start) and again when it changes. A changed
 * file that cannot be read or is invalid refuses every request until it is fixed: a broker never
 * decides on accounts it could not read (fail closed). Secrets never reach a log or a remark.
 */
public final class PlainAclControl implements AccessControl, Configurable<PlainAclSettings> {
    private static final Logger LOG = LoggerFactory.getLogger(PlainAclControl.class);

    private final LongSupplier nanoTime;
    private PlainAclSettings settings;
    private Path file;
    private volatile Snapshot snapshot;
    private volatile long nextCheckNanos;

    /** What the file said when last read: its accounts, or why it could not be used. */
    private record Snapshot(Map<String, Account> accounts, String problem, Object fileKey) {
    }

    public PlainAclControl() {
        this(System::nanoTime);
    }

    PlainAclControl(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    @Override
    public String name() {
        return "plain-acl";
    }

    @Override
    public Class<PlainAclSettings> settingsType() {
        return PlainAclSettings.class;
    }

    /** Reads the file once: a file that cannot be used stops the broker's start with its problem. */
    @Override
    public void configure(PlainAclSettings settings) {
        this.settings = settings;
        this.file = Path.of(settings.file()).toAbsolutePath().normalize();
        Snapshot first = read();
        if (first.problem() != null) {
            throw new IllegalArgumentException(first.problem());
        }
        Account broker = first.accounts().get(settings.brokerUser());
        if (broker == null || !broker.admin()) {
            throw new IllegalArgumentException("setting 'brokerUser' names '" + settings.brokerUser() + "', which is "
                    + (broker == null ? "not an account" : "not an admin account") + " in " + file
                    + "; the broker signs its registration with the name servers as this user");
        }
        snapshot = first;
        nextCheckNanos = nanoTime.getAsLong() + TimeUnit.SECONDS.toNanos(settings.reloadSeconds());
        LOG.info("Access control plain-acl: {} account(s) from {}", first.accounts().size(), file);
    }

    @Override
    public AccessDecision check(AccessRequest request) {
        Snapshot current = current();
        if (current.problem() != null) {
            return AccessDecision.deny("access control cannot decide: " + current.problem()
                    + "; every request is refused until the file is fixed");
        }
        InetSocketAddress remote = request.remote();
        if (remote == null || remote.getAddress() == null) {
            return AccessDecision.deny("the caller's address cannot be read; refused");
        }
        RemotingCommand command = request.command();
        String accessKey = command.ext(AclSignature.ACCESS_KEY);
        if (accessKey == null || accessKey.isEmpty()) {
            return AccessDecision.deny("the request is not signed (no AccessKey): give the client credentials,"
                    + " e.g. new AclClientRPCHook(new SessionCredentials(accessKey, secretKey))");
        }
        Account account = current.accounts().get(accessKey);
        if (account == null) {
            return AccessDecision.deny("unknown user '" + printable(accessKey) + "'");
        }
        if (command.ext(AclSignature.SIGNATURE) == null) {
            return AccessDecision.deny("the request of user '" + accessKey + "' has no Signature");
        }
        if (!AclSignature.verify(command, account.secretKey())) {
            return AccessDecision.deny("wrong signature for user '" + accessKey + "': the secret key does not match");
        }
        if (!account.mayConnectFrom(remote.getAddress())) {
            return AccessDecision.deny("user '" + accessKey + "' may not connect from "
                    + remote.getAddress().getHostAddress() + " (whiteRemoteAddress " + account.addresses() + ")");
        }
        RequestAccess access = request.access();
        if (access.role() != RequestAccess.Role.USER && !account.admin()) {
            return AccessDecision.deny("request code " + access.code() + " is for " + roleWords(access.role())
                    + " and needs an admin user; '" + accessKey + "' is not one");
        }
        for (ResourceAccess resource : access.resources()) {
            if (!account.allows(resource)) {
                return AccessDecision.deny("user '" + accessKey + "' has no " + resource);
            }
        }
        return AccessDecision.allow();
    }

    /** Signs with the broker user's keys as the file says at the time of each request. */
    @Override
    public Optional<RequestSigner> brokerSigner() {
        if (settings == null) {
            return Optional.empty();
        }
        return Optional.of(request -> {
            Map<String, Account> accounts = current().accounts();
            Account broker = accounts == null ? null : accounts.get(settings.brokerUser());
            if (broker == null) {
                // Sent unsigned; the name server refuses it and says why.
                LOG.error("The broker user '{}' is no longer in {}; the broker's requests go unsigned",
                        settings.brokerUser(), file);
                return;
            }
            AclSignature.signer(broker.accessKey(), broker.secretKey()).sign(request);
        });
    }

    /** The snapshot in force, re-read first when the check interval has passed and the file changed. */
    private Snapshot current() {
        long now = nanoTime.getAsLong();
        if (now - nextCheckNanos >= 0) {
            synchronized (this) {
                if (now - nextCheckNanos >= 0) {
                    nextCheckNanos = now + TimeUnit.SECONDS.toNanos(settings.reloadSeconds());
                    reloadIfChanged();
                }
            }
        }
        return snapshot;
    }

    private void reloadIfChanged() {
        Object key = fileKey();
        if (key != null && key.equals(snapshot.fileKey())) {
            return;
        }
        Snapshot next = read();
        if (next.problem() != null) {
            LOG.error("Access control file {} cannot be used; every request is refused until it is fixed: {}", file,
                    next.problem());
        } else {
            LOG.info("Access control file {} reloaded: {} account(s)", file, next.accounts().size());
        }
        snapshot = next;
    }

    private Snapshot read() {
        Object key = fileKey();
        try {
            return new Snapshot(AclFile.read(file), null, key);
        } catch (IOException e) {
            return new Snapshot(null, "the users file " + file + " cannot be read (" + e + ")", key);
        } catch (IllegalArgumentException e) {
            return new Snapshot(null, e.getMessage(), key);
        }
    }

    /** Modification time and size: what tells a changed file; null when it cannot be read. */
    private Object fileKey() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + ":" + a.size() + ":" + a.fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private static String roleWords(RequestAccess.Role role) {
        return switch (role) {
            case MONITOR -> "operators";
            case BROKER -> "brokers";
            default -> "admins";
        };
    }

    /** An access key as sent, cut short and without control characters, to quote in a remark. */
    private static String printable(String text) {
        String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
