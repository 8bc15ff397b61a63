package org.skiffmq.dist.newplugin;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code skiff new-plugin <plugin-id> [--package P] [--group G] [--out DIR]}: creates a plugin
 * project from the bundled template and says how to build and install it.
 */
public final class NewPluginCommand {
    public static final String USAGE = "new-plugin <id> [--package P] [--group G] [--out DIR]";
    private static final List<String> OPTIONS = List.of("--package", "--group", "--out");

    private final PrintStream out;
    private final PrintStream err;
    private final Path skiffHome;
    private final String skiffVersion;

    public NewPluginCommand(PrintStream out, PrintStream err, Path skiffHome, String skiffVersion) {
        this.out = out;
        this.err = err;
        this.skiffHome = skiffHome;
        this.skiffVersion = skiffVersion;
    }

    /**
     * Runs with the arguments after {@code new-plugin}; returns the exit status: 0 created, 2 a
     * wrong argument, 1 the project could not be written. Errors go to {@code err} in one line.
     */
    public int run(List<String> args) {
        try {
            create(args);
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("skiff: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("skiff: cannot create the plugin project: " + e + "; pass --out with a folder you can write to");
            return 1;
        } catch (IllegalStateException e) {
            err.println("skiff: " + e.getMessage());
            return 1;
        }
    }

    private void create(List<String> args) throws IOException {
        if (args.isEmpty() || args.get(0).startsWith("--")) {
            throw new IllegalArgumentException("new-plugin needs a plugin id first, e.g. 'skiff new-plugin my-hook'");
        }
        Map<String, String> options = options(args.subList(1, args.size()));
        NewPluginRequest request = NewPluginRequest.of(args.get(0), options.get("--group"), options.get("--package"),
                Path.of(options.getOrDefault("--out", ".")));
        List<String> files = PluginProjectGenerator.fromBundledTemplate(skiffVersion).generate(request);
        report(request, files);
    }

    private void report(NewPluginRequest request, List<String> files) {
        Path dir = request.projectDir();
        out.println("Created plugin project " + request.id() + " (" + request.groupId() + ", package "
                + request.packageName() + ") in " + dir + ":");
        files.forEach(f -> out.println("  " + f));
        out.println();
        out.println("Next:");
        out.println("  cd " + dir);
        out.println("  mvn package        # runs the hook's test in a broker, writes target/" + request.id() + ".zip");
        out.println("  cp target/" + request.id() + ".zip " + skiffHome.resolve("plugins") + "/");
        out.println("  then list it in " + skiffHome.resolve("conf").resolve("broker.yaml") + ": send: { hooks: ["
                + request.id() + "] }");
        out.println("The build needs SkiffMQ " + skiffVersion + "'s artifacts (org.skiffmq:skiffmq-api and the"
                + " test's broker) in your Maven repository.");
    }

    private static Map<String, String> options(List<String> rest) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < rest.size(); i++) {
            String key = rest.get(i);
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' for new-plugin; the options are "
                        + String.join(", ", OPTIONS));
            }
            if (i + 1 >= rest.size()) {
                throw new IllegalArgumentException(key + " needs a value");
            }
            options.put(key, rest.get(++i));
        }
        return options;
    }
}
