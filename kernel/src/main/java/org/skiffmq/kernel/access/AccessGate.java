package org.skiffmq.kernel.access;

import org.skiffmq.api.access.AccessControl;
import org.skiffmq.api.access.AccessDecision;
import org.skiffmq.api.access.AccessRequest;
import org.skiffmq.api.access.RequestAccess;
import org.skiffmq.api.access.RequestAccess.Role;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.transport.RemotingChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides each request before its processor runs. With an access control configured it asks it;
 * without one, admin requests are served to callers on this machine only. Either way a code
 * without an {@link AccessRules access rule} is refused.
 */
public final class AccessGate {
    private static final Logger LOG = LoggerFactory.getLogger(AccessGate.class);

    private final String server;
    private final AccessControl control;

    /**
     * @param server  {@link AccessRequest#BROKER} or {@link AccessRequest#NAME_SERVER}
     * @param control the access control to ask, or null when access control is off
     */
    public AccessGate(String server, AccessControl control) {
        this.server = server;
        this.control = control;
    }

    /** Whether an access control decides (rather than the loopback rule for admin requests). */
    public boolean controlled() {
        return control != null;
    }

    /** The NO_PERMISSION answer to send instead of running the request, or null when it may run. */
    public RemotingCommand refusal(RemotingChannel channel, RemotingCommand request) {
        Role role = AccessRules.role(request.getCode());
        if (role == null) {
            return refuse(request, "request code " + request.getCode() + " has no access rule in SkiffMQ; refused");
        }
        if (control == null) {
            if (role == Role.ADMIN && !LocalCallers.isLocal(channel)) {
                String what = AccessRequest.NAME_SERVER.equals(server) ? "name server" : "broker";
                return refuse(request, "request code " + request.getCode() + " changes the " + what + "; without"
                        + " access control it is taken only from the " + what + "'s own machine: run the tool"
                        + " there, or turn on access control (access.control) and sign as an admin user");
            }
            return null;
        }
        RequestAccess access;
        try {
            access = AccessRules.classify(request);
        } catch (IllegalArgumentException e) {
            return refuse(request, "request code " + request.getCode() + " cannot be checked: " + e.getMessage());
        }
        AccessDecision decision;
        try {
            decision = control.check(new AccessRequest(server, channel == null ? null : channel.remoteAddress(),
                    request, access));
        } catch (RuntimeException e) {
            LOG.error("Access control {} failed on request code {}; refused", control.name(), request.getCode(), e);
            return refuse(request, "access control " + control.name() + " could not decide: " + e);
        }
        if (decision == null || !decision.allowed()) {
            return refuse(request, decision == null ? "access control " + control.name() + " gave no decision"
                    : decision.reason());
        }
        return null;
    }

    private static RemotingCommand refuse(RemotingCommand request, String reason) {
        return RemotingCommand.response(ResponseCode.NO_PERMISSION, reason).ensureExtFields();
    }
}
