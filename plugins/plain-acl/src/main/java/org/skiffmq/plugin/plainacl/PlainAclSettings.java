package org.skiffmq.plugin.plainacl;

/**
 * The {@code plain-acl:} section of the broker configuration.
 *
 * <pre>{@code
 * access: { control: plain-acl }
 * plain-acl: { file: conf/plain_acl.yml, brokerUser: broker }
 * }</pre>
 *
 * @param file          the users file in RocketMQ's {@code plain_acl.yml} format, required; a relative
 *                      path resolves against the broker process's working directory
 * @param brokerUser    the account (an admin one in the file) whose keys the broker signs its own
 *                      requests to the name servers with, required
 * @param reloadSeconds how often the file is checked for changes (default 5, 1 to 3600); a change is
 *                      in force from the next request after it is read
 */
public record PlainAclSettings(String file, String brokerUser, Integer reloadSeconds) {

    public PlainAclSettings {
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("setting 'file' must name the users file (RocketMQ's plain_acl.yml"
                    + " format), e.g. file: conf/plain_acl.yml");
        }
        if (brokerUser == null || brokerUser.isBlank()) {
            throw new IllegalArgumentException("setting 'brokerUser' must name the admin account in " + file
                    + " that the broker signs its own requests with");
        }
        reloadSeconds = reloadSeconds == null ? 5 : reloadSeconds;
        if (reloadSeconds < 1 || reloadSeconds > 3600) {
            throw new IllegalArgumentException("setting 'reloadSeconds' must be 1 to 3600; was " + reloadSeconds);
        }
    }
}
