package org.skiffmq.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

/**
 * The {@code produce} load: {@code threads} threads send {@code size}-byte messages through one
 * producer of the official client, either waiting for each answer (sync) or keeping up to
 * {@code inflight} sends outstanding (async), until the {@link MeasurementRun} says done.
 */
final class ProduceLoad {
    private final BenchOptions options;
    private final LatencyMeter meter = new LatencyMeter();
    private final byte[] body;

    ProduceLoad(BenchOptions options) {
        this.options = options;
        this.body = new byte[options.size()];
        new SplittableRandom(42).nextBytes(body);
    }

    BenchResult run(ProgressLine progress) throws Exception {
        DefaultMQProducer producer = Producers.start(options);
        Semaphore inflight = new Semaphore(options.inflight());
        List<Thread> threads = new ArrayList<>();
        try {
            for (int i = 0; i < options.threads(); i++) {
                Runnable loop = switch (options.sendMode()) {
                    case SYNC -> () -> syncLoop(producer);
                    case ASYNC -> () -> asyncLoop(producer, inflight);
                    case TRANSACTION -> () -> transactionLoop((TransactionMQProducer) producer);
                };
                Thread t = new Thread(loop, "bench-send-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            BenchResult result = new MeasurementRun(meter, options.warmup(), options.seconds(), options.messages(),
                    options.size(), progress).run();
            for (Thread t : threads) {
                t.join(options.timeoutMillis() + 1000L);
            }
            // Async: let outstanding sends answer before the producer goes.
            if (inflight.tryAcquire(options.inflight(), options.timeoutMillis() + 1000L, TimeUnit.MILLISECONDS)) {
                inflight.release(options.inflight());
            }
            return result;
        } finally {
            meter.phase(Phase.DONE);
            producer.shutdown();
        }
    }

    private Message message() {
        return new Message(options.topic(), "bench", body);
    }

    private void syncLoop(DefaultMQProducer producer) {
        while (meter.phase() != Phase.DONE) {
            long start = System.nanoTime();
            try {
                SendResult result = producer.send(message());
                if (result.getSendStatus() == SendStatus.SEND_OK) {
                    meter.record(System.nanoTime() - start);
                } else {
                    meter.error("SendStatus " + result.getSendStatus());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                meter.error(ErrorKinds.of(e));
                pauseAfterError();
            }
        }
    }

    /** Half message, local transaction (commits), END: a send counts once the producer has sent its commit. */
    private void transactionLoop(TransactionMQProducer producer) {
        while (meter.phase() != Phase.DONE) {
            long start = System.nanoTime();
            try {
                TransactionSendResult result = producer.sendMessageInTransaction(message(), null);
                if (result.getSendStatus() == SendStatus.SEND_OK
                        && result.getLocalTransactionState() == LocalTransactionState.COMMIT_MESSAGE) {
                    meter.record(System.nanoTime() - start);
                } else {
                    meter.error("SendStatus " + result.getSendStatus() + " / " + result.getLocalTransactionState());
                }
            } catch (Exception e) {
                meter.error(ErrorKinds.of(e));
                pauseAfterError();
            }
        }
    }

    private void asyncLoop(DefaultMQProducer producer, Semaphore inflight) {
        while (meter.phase() != Phase.DONE) {
            try {
                if (!inflight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long start = System.nanoTime();
            try {
                producer.send(message(), new SendCallback() {
                    @Override
                    public void onSuccess(SendResult result) {
                        inflight.release();
                        if (result.getSendStatus() == SendStatus.SEND_OK) {
                            meter.record(System.nanoTime() - start);
                        } else {
                            meter.error("SendStatus " + result.getSendStatus());
                        }
                    }

                    @Override
                    public void onException(Throwable e) {
                        inflight.release();
                        meter.error(ErrorKinds.of(e));
                    }
                }, options.timeoutMillis());
            } catch (InterruptedException e) {
                inflight.release();
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                inflight.release();
                meter.error(ErrorKinds.of(e));
                pauseAfterError();
            }
        }
    }

    /** A broker that refuses at once must not turn the load threads into a busy loop. */
    private static void pauseAfterError() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
