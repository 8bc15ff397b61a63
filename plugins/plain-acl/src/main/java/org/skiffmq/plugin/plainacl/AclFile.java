package org.skiffmq.plugin.plainacl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a users file in RocketMQ's {@code plain_acl.yml} format:
 *
 * <pre>{@code
 * accounts:
 *   - accessKey: orders-app
 *     secretKey: a-long-random-secret
 *     whiteRemoteAddress: 10.1.*.*        # optional; any address when absent
 *     admin: false
 *     defaultTopicPerm: DENY              # for topics not listed below (default DENY)
 *     defaultGroupPerm: SUB               # for groups not listed below (default DENY)
 *     topicPerms: [ orders=PUB, audit-*=SUB ]   # a trailing * is a prefix
 *     groupPerms: [ orders-consumers=SUB ]
 * }</pre>
 *
 * RocketMQ's {@code globalWhiteRemoteAddresses}, which lets unsigned requests in by address, is
 * refused: every request must be signed.
 */
final class AclFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP_KEYS = Set.of("accounts", "globalWhiteRemoteAddresses", "dataVersion");
    private static final Set<String> ACCOUNT_KEYS = Set.of("accessKey", "secretKey", "whiteRemoteAddress", "admin",
            "defaultTopicPerm", "defaultGroupPerm", "topicPerms", "groupPerms");

    private AclFile() {
    }

    /**
     * The accounts of a file, by access key.
     *
     * @throws IOException              when it cannot be read
     * @throws IllegalArgumentException naming the file, the account and the key that is wrong
     */
    static Map<String, Account> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readAllBytes(file));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(file + " is not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + " holds no 'accounts:' list");
        }
        unknownKeys(root, TOP_KEYS, file.toString());
        JsonNode global = root.path("globalWhiteRemoteAddresses");
        if (global.isArray() && !global.isEmpty() || global.isTextual() && !global.asText().isBlank()) {
            throw new IllegalArgumentException(file + " sets globalWhiteRemoteAddresses, which would let unsigned"
                    + " requests in by address; SkiffMQ checks every request's signature: remove it and restrict"
                    + " accounts with whiteRemoteAddress instead");
        }
        JsonNode accounts = root.path("accounts");
        if (!accounts.isArray()) {
            throw new IllegalArgumentException(file + " holds no 'accounts:' list");
        }
        Map<String, Account> byKey = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode node : accounts) {
            index++;
            String where = file + " account " + index;
            if (!node.isObject()) {
                throw new IllegalArgumentException(where + " is not a mapping of keys");
            }
            unknownKeys(node, ACCOUNT_KEYS, where);
            String accessKey = text(node, "accessKey", where);
            where = file + " account '" + accessKey + "'";
            String secretKey = text(node, "secretKey", where);
            if (secretKey.length() < 6) {
                throw new IllegalArgumentException(where + " has a secretKey shorter than 6 characters");
            }
            Account account = new Account(accessKey, secretKey,
                    AddressPattern.parse(optionalText(node, "whiteRemoteAddress"), where),
                    node.path("admin").asBoolean(false),
                    new ResourcePerms(list(node, "topicPerms", where), perm(node, "defaultTopicPerm", where), where
                            + " topicPerms"),
                    new ResourcePerms(list(node, "groupPerms", where), perm(node, "defaultGroupPerm", where), where
                            + " groupPerms"));
            if (byKey.put(accessKey, account) != null) {
                throw new IllegalArgumentException(file + " has two accounts with accessKey '" + accessKey + "'");
            }
        }
        return byKey;
    }

    private static void unknownKeys(JsonNode node, Set<String> known, String where) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException(where + " has the unknown key '" + name + "'; known: "
                        + new java.util.TreeSet<>(known));
            }
        }
    }

    private static String text(JsonNode node, String key, String where) {
        String value = optionalText(node, key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(where + " has no " + key);
        }
        return value;
    }

    private static String optionalText(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Perm perm(JsonNode node, String key, String where) {
        String value = optionalText(node, key);
        return value == null ? Perm.DENY : Perm.parse(value, where + " " + key);
    }

    private static List<String> list(JsonNode node, String key, String where) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException(where + " " + key + " is not a list; write [ name=PERM, ... ]");
        }
        List<String> entries = new ArrayList<>();
        value.forEach(e -> entries.add(e.asText()));
        return entries;
    }
}
