package org.skiffmq.bench;

import java.io.PrintStream;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

/**
 * The {@code probe} command: sends one small message every 50 ms until one is stored, then prints
 * {@code READY epoch_ms=<wall clock of that success>}, so a script that noted when it started a
 * broker knows how long the broker took to accept sends.
 */
final class StartupProbe {
    private final BenchOptions options;

    StartupProbe(BenchOptions options) {
        this.options = options;
    }

    int run(PrintStream out, PrintStream err) throws Exception {
        BenchOptions quick = options.probe(1, 16, 1, 0, options.group(), 1000);
        DefaultMQProducer producer = Producers.start(quick);
        long deadline = System.currentTimeMillis() + options.timeoutMillis();
        int attempts = 0;
        String lastProblem = "nothing tried";
        try {
            while (System.currentTimeMillis() < deadline) {
                attempts++;
                try {
                    if (producer.send(new Message(options.topic(), new byte[16])).getSendStatus() == SendStatus.SEND_OK) {
                        out.println("READY epoch_ms=" + System.currentTimeMillis() + " attempts=" + attempts);
                        return 0;
                    }
                    lastProblem = "send status not SEND_OK";
                } catch (Exception e) {
                    lastProblem = ErrorKinds.of(e);
                }
                Thread.sleep(50);
            }
        } finally {
            producer.shutdown();
        }
        err.println("bench: no send succeeded within " + options.timeoutMillis() + " ms through name server "
                + options.namesrv() + " (last: " + lastProblem + "); is the broker up and registered?");
        return 1;
    }
}
