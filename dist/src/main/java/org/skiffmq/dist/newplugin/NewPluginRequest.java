package org.skiffmq.dist.newplugin;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code skiff new-plugin} is asked to create, checked: the plugin id (also the artifactId,
 * the zip's name and the name {@code send.hooks} lists), the Maven groupId, the Java package and
 * class of the hook, and the folder the project goes into ({@code <out>/<id>}).
 */
public record NewPluginRequest(String id, String groupId, String packageName, String className, Path projectDir) {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_\\-]+(\\.[A-Za-z0-9_\\-]+)*");
    private static final Pattern PACKAGE = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*");
    private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends",
            "false", "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
            "interface", "long", "native", "new", "null", "package", "private", "protected", "public", "return",
            "short", "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient",
            "true", "try", "void", "volatile", "while", "_");

    /**
     * Checks the user's choices and fills in the defaults: groupId {@code com.example}, package
     * {@code <groupId>.<id without dashes>}, class {@code <Id in CamelCase>Hook}.
     *
     * @throws IllegalArgumentException saying which value is wrong and what would be right
     */
    public static NewPluginRequest of(String id, String groupId, String packageName, Path outDir) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("plugin id '" + id + "' must be lowercase letters, digits and dashes,"
                    + " starting with a letter (e.g. my-hook): it becomes the artifactId, the zip's name and the"
                    + " name send.hooks lists");
        }
        String group = groupId == null ? "com.example" : groupId;
        if (!GROUP.matcher(group).matches()) {
            throw new IllegalArgumentException("--group '" + group + "' is not a Maven groupId; use dot-separated"
                    + " names such as com.acme");
        }
        String pkg = packageName != null ? packageName
                : group.toLowerCase(Locale.ROOT).replace('-', '_') + "." + id.replace("-", "");
        String badPart = badPackagePart(pkg);
        if (badPart != null) {
            throw new IllegalArgumentException("package '" + pkg + "' is not a valid Java package (" + badPart
                    + "); pass --package with lowercase dot-separated names such as com.acme.hooks");
        }
        return new NewPluginRequest(id, group, pkg, className(id), outDir.resolve(id).toAbsolutePath().normalize());
    }

    private static String badPackagePart(String pkg) {
        if (!PACKAGE.matcher(pkg).matches()) {
            return "each part must start with a lowercase letter or _ and hold only lowercase letters, digits and _";
        }
        for (String part : pkg.split("\\.")) {
            if (KEYWORDS.contains(part)) {
                return "'" + part + "' is a Java keyword";
            }
        }
        return null;
    }

    /** {@code my-rate-limit} gives {@code MyRateLimitHook}; {@code tag-hook} gives {@code TagHook}. */
    static String className(String id) {
        StringBuilder name = new StringBuilder();
        for (String part : id.split("-")) {
            name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return name.toString().endsWith("Hook") ? name.toString() : name + "Hook";
    }

    /** The package as a folder path: {@code com/acme/hooks}. */
    public String packagePath() {
        return packageName.replace('.', '/');
    }
}
