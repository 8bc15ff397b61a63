package org.skiffmq.dist.newplugin;

import java.util.regex.Matcher;

/**
 * Turns the template's example names into the new plugin's: the id {@code example-hook}, the
 * groupId {@code com.example}, the package {@code com.example.examplehook} (declarations and
 * folders), the class {@code ExampleHook} (and its test and services entry), and the SkiffMQ
 * version the project builds against.
 */
final class TemplateRenamer {
    static final String ID = "example-hook";
    static final String GROUP_ELEMENT = "<groupId>com.example</groupId>";
    static final String PACKAGE = "com.example.examplehook";
    static final String CLASS = "ExampleHook";
    private static final String VERSION_ELEMENT = "<skiffmq.version>[^<]*</skiffmq.version>";

    private final NewPluginRequest request;
    private final String skiffVersion;

    TemplateRenamer(NewPluginRequest request, String skiffVersion) {
        this.request = request;
        this.skiffVersion = skiffVersion;
    }

    String path(String templatePath) {
        return templatePath.replace(PACKAGE.replace('.', '/'), request.packagePath())
                .replace(CLASS, request.className());
    }

    String text(String templateText) {
        String text = templateText.replace(PACKAGE, request.packageName())
                .replace(PACKAGE.replace('.', '/'), request.packagePath())
                .replace(CLASS, request.className())
                .replace(ID, request.id())
                .replace(GROUP_ELEMENT, "<groupId>" + request.groupId() + "</groupId>");
        return text.replaceAll(VERSION_ELEMENT,
                Matcher.quoteReplacement("<skiffmq.version>" + skiffVersion + "</skiffmq.version>"));
    }
}
