package org.skiffmq.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Maven that runs this build on another project, as a user would, but without network
 * and without SkiffMQ in the user's repository: SkiffMQ's artifacts come from the repository this
 * build staged them in (used as the nested build's local repository), everything else (third-party
 * jars, Maven plugins) from the main local repository, mirrored as the only remote.
 */
final class NestedMaven {
    private final Path mvn;
    private final Path stagedRepository;
    private final Path mainRepository;

    private NestedMaven(Path mvn, Path stagedRepository, Path mainRepository) {
        this.mvn = mvn;
        this.stagedRepository = stagedRepository;
        this.mainRepository = mainRepository;
    }

    /** From the properties dist's pom gives failsafe: maven.home, skiff.stagedRepository, skiff.mainRepository. */
    static NestedMaven fromSystemProperties() {
        return new NestedMaven(Path.of(property("maven.home")).resolve("bin/mvn"),
                Path.of(property("skiff.stagedRepository")), Path.of(property("skiff.mainRepository")));
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set; run this test through"
                    + " Maven (mvn -pl dist -am verify), whose pom sets it");
        }
        return value;
    }

    /** What the build printed and how it ended. */
    record Result(int exitCode, Path log) {
        String tail() throws IOException {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
    }

    /** Runs {@code mvn <goals>} in {@code project}; its output goes to {@code log}. */
    Result run(Path project, Path log, String... goals) throws IOException, InterruptedException {
        if (!Files.isDirectory(stagedRepository.resolve("org/skiffmq/skiffmq-api"))) {
            throw new IllegalStateException(stagedRepository + " holds no SkiffMQ artifacts; the invoker plugin's"
                    + " install goal stages them at pre-integration-test (mvn -pl dist -am verify)");
        }
        Path settings = log.resolveSibling("nested-maven-settings.xml");
        Files.writeString(settings, String.join("\n",
                "<settings>",
                "  <mirrors>",
                "    <mirror>",
                "      <id>main-local-repository</id>",
                "      <mirrorOf>*</mirrorOf>",
                "      <url>" + mainRepository.toUri() + "</url>",
                "    </mirror>",
                "  </mirrors>",
                "</settings>",
                ""));
        List<String> command = new ArrayList<>(List.of(mvn.toString(), "-B", "-ntp", "-s", settings.toString(),
                "-Dmaven.repo.local=" + stagedRepository));
        command.addAll(List.of(goals));
        ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("MAVEN_OPTS", "-Xmx512m");
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the nested build did not finish within 10 minutes; see " + log);
        }
        return new Result(p.exitValue(), log);
    }
}
