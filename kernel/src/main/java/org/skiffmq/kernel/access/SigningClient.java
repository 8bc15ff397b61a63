package org.skiffmq.kernel.access;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.skiffmq.api.access.RequestSigner;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RemotingException;
import org.skiffmq.api.transport.ChannelListener;
import org.skiffmq.api.transport.RemotingClient;
import org.skiffmq.api.transport.RequestProcessor;

/** A Remoting client that signs every request it sends: the broker's own link to the name servers under access control. */
public final class SigningClient implements RemotingClient {
    private final RemotingClient delegate;
    private final RequestSigner signer;

    public SigningClient(RemotingClient delegate, RequestSigner signer) {
        this.delegate = delegate;
        this.signer = signer;
    }

    @Override
    public void start() {
        delegate.start();
    }

    @Override
    public RemotingCommand invokeSync(String address, RemotingCommand request, long timeoutMillis)
            throws RemotingException, InterruptedException {
        signer.sign(request);
        return delegate.invokeSync(address, request, timeoutMillis);
    }

    @Override
    public CompletableFuture<RemotingCommand> invokeAsync(String address, RemotingCommand request, long timeoutMillis) {
        signer.sign(request);
        return delegate.invokeAsync(address, request, timeoutMillis);
    }

    @Override
    public void invokeOneway(String address, RemotingCommand request, long timeoutMillis)
            throws RemotingException, InterruptedException {
        signer.sign(request);
        delegate.invokeOneway(address, request, timeoutMillis);
    }

    @Override
    public void registerProcessor(int requestCode, RequestProcessor processor, Executor executor) {
        delegate.registerProcessor(requestCode, processor, executor);
    }

    @Override
    public void addChannelListener(ChannelListener listener) {
        delegate.addChannelListener(listener);
    }

    @Override
    public void closeConnection(String address) {
        delegate.closeConnection(address);
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }
}
