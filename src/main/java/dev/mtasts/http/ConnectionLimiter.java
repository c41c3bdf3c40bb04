package dev.mtasts.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps open connections, over all clients and per client address; a connection over a cap is closed
 * at once, before any TLS work. One instance per listener, shared by its channels. The caps can change
 * while connections are open (a reload): connections over a lowered cap stay, new ones are refused.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    private volatile int maxTotal;
    private volatile int maxPerAddress;
    private final CounterDataPoint refused;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

    ConnectionLimiter(int maxTotal, int maxPerAddress, CounterDataPoint refused) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
        this.refused = refused;
    }

    /** New caps for the connections accepted from now on. */
    void limit(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetAddress address = address(ctx);
        int all = total.incrementAndGet();
        int mine = perAddress.merge(address, 1, Integer::sum);
        if (maxTotal > 0 && all > maxTotal || maxPerAddress > 0 && mine > maxPerAddress) {
            refused.inc();
            ctx.close();
            return;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        total.decrementAndGet();
        InetAddress address = address(ctx);
        perAddress.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
        ctx.fireChannelInactive();
    }

    int open() {
        return total.get();
    }

    private static InetAddress address(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress isa ? isa.getAddress()
                : InetAddress.getLoopbackAddress();
    }
}
