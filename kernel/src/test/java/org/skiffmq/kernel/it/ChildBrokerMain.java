package org.skiffmq.kernel.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.config.ConfigLoader;

/**
 * A broker in a process of its own, for tests that kill it: {@code ChildBrokerMain <config file>
 * <base dir>} starts {@link SkiffServer} from the file, prints {@value #READY} on stdout, and
 * serves until its stdin ends (the parent closed it, or died), then shuts down cleanly and prints
 * {@value #STOPPED}. A SIGKILL skips all of that, which is the point.
 */
public final class ChildBrokerMain {
    static final String READY = "SKIFF-CHILD-READY";
    static final String STOPPED = "SKIFF-CHILD-STOPPED";

    private ChildBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        SkiffServer server = SkiffServer.start(ConfigLoader.load(Path.of(args[0])), Path.of(args[1]));
        System.out.println(READY + " " + server.brokerAddress() + " " + server.nameServerAddress());
        System.out.flush();
        try {
            InputStream in = System.in;
            while (in.read() >= 0) {
                // only the end of stdin matters
            }
        } catch (IOException e) {
            // the parent is gone: stop as if asked
        }
        server.shutdown();
        System.out.println(STOPPED);
        System.out.flush();
        System.exit(0);
    }
}
