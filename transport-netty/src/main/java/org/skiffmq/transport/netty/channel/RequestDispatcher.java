package org.skiffmq.transport.netty.channel;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.skiffmq.api.remoting.HeaderFieldException;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.transport.RequestProcessor;
import org.skiffmq.api.transport.ResponseObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each request to the processor registered for its code, on that processor's executor,
 * and turns every way that can fail into the answer RocketMQ gives:
 *
 * <ul>
 *   <li>no processor: REQUEST_CODE_NOT_SUPPORTED, remark {@code " request type N not supported"};</li>
 *   <li>the executor rejects the task: SYSTEM_BUSY, remark starting {@code [OVERLOAD]};</li>
 *   <li>the processor throws: SYSTEM_ERROR with the exception's message (its class name if it
 *       has none).</li>
 * </ul>
 *
 * One-way requests never get an answer, error or not. {@code done} runs exactly once when the
 * request is finished with (answered, refused, or its processor returned or threw), to give its
 * inbound budget back. Thread-safe.
 */
public final class RequestDispatcher {
    private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

    private final Map<Integer, Registration> registrations = new ConcurrentHashMap<>();
    private volatile ResponseObserver observer = ResponseObserver.NONE;

    private record Registration(RequestProcessor processor, Executor executor) {
    }

    public void register(int requestCode, RequestProcessor processor, Executor executor) {
        registrations.put(requestCode, new Registration(Objects.requireNonNull(processor, "processor"),
                Objects.requireNonNull(executor, "executor")));
    }

    /** Registers the observer every answer to a request dispatched from now on is reported to. */
    public void setResponseObserver(ResponseObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /** Runs the request's processor (on its executor), or answers at once when it cannot. */
    public void dispatch(NettyRemotingChannel channel, RemotingCommand request, Runnable done) {
        ResponseObserver o = observer;
        if (o != ResponseObserver.NONE) {
            request.setReceivedNanos(System.nanoTime());
            channel.observeResponses(o);
        }
        Registration registration = registrations.get(request.getCode());
        if (registration == null) {
            done.run();
            log.debug("{} sent request code {}, which has no processor", channel.remoteAddressString(),
                    request.getCode());
            answer(channel, request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    " request type " + request.getCode() + " not supported");
            return;
        }
        try {
            registration.executor().execute(() -> {
                try {
                    process(registration.processor(), channel, request);
                } finally {
                    done.run();
                }
            });
        } catch (RejectedExecutionException e) {
            done.run();
            log.debug("executor of request code {} is full; answering SYSTEM_BUSY to {}", request.getCode(),
                    channel.remoteAddressString());
            answer(channel, request, ResponseCode.SYSTEM_BUSY,
                    "[OVERLOAD]system busy, start flow control for a while");
        } catch (RuntimeException | Error e) {
            done.run();
            throw e;
        }
    }

    private static void process(RequestProcessor processor, NettyRemotingChannel channel, RemotingCommand request) {
        RemotingCommand response;
        try {
            response = processor.process(channel, request);
        } catch (HeaderFieldException e) {
            // The client's mistake, answered with what was wrong: not worth a warning here.
            log.debug("request code {} from {} has a bad header: {}", request.getCode(),
                    channel.remoteAddressString(), e.getMessage());
            answer(channel, request, ResponseCode.SYSTEM_ERROR, e.getMessage());
            return;
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            // A stack overflow (deep recursion on a hostile body, say) unwound with the processor:
            // the request still gets its answer. Other VirtualMachineErrors leave the JVM suspect.
            log.warn("processor of request code {} failed on a request from {}", request.getCode(),
                    channel.remoteAddressString(), e);
            answer(channel, request, ResponseCode.SYSTEM_ERROR,
                    e.getMessage() != null ? e.getMessage() : e.getClass().getName());
            return;
        }
        if (response != null) {
            channel.writeResponse(request, response);
        }
    }

    private static void answer(NettyRemotingChannel channel, RemotingCommand request, int code, String remark) {
        channel.writeResponse(request, RemotingCommand.responseTo(request, code, remark));
    }
}
