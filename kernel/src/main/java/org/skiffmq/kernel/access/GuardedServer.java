package org.skiffmq.kernel.access;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RemotingException;
import org.skiffmq.api.transport.ChannelListener;
import org.skiffmq.api.transport.RemotingServer;
import org.skiffmq.api.transport.RequestProcessor;
import org.skiffmq.api.transport.ResponseObserver;

/**
 * A Remoting server whose every processor first asks the {@link AccessGate}: whatever a broker or
 * name server registers is checked, so no request passes unchecked by omission.
 */
public final class GuardedServer implements RemotingServer {
    private final RemotingServer delegate;
    private final AccessGate gate;
    private final Set<Integer> served = new TreeSet<>();

    public GuardedServer(RemotingServer delegate, AccessGate gate) {
        this.delegate = delegate;
        this.gate = gate;
    }

    @Override
    public synchronized void registerProcessor(int requestCode, RequestProcessor processor, Executor executor) {
        served.add(requestCode);
        delegate.registerProcessor(requestCode, (channel, request) -> {
            RemotingCommand refused = gate.refusal(channel, request);
            return refused != null ? refused : processor.process(channel, request);
        }, executor);
    }

    /** The request codes registered so far. */
    public synchronized Set<Integer> servedCodes() {
        return Set.copyOf(served);
    }

    public AccessGate gate() {
        return gate;
    }

    @Override
    public void addChannelListener(ChannelListener listener) {
        delegate.addChannelListener(listener);
    }

    @Override
    public void setResponseObserver(ResponseObserver observer) {
        delegate.setResponseObserver(observer);
    }

    @Override
    public void start() throws RemotingException {
        delegate.start();
    }

    @Override
    public InetSocketAddress localAddress() {
        return delegate.localAddress();
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }
}
