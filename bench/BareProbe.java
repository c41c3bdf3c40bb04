import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The floor for any Netty server on this machine: BoringSSL (netty-tcnative), epoll, an HTTP request
 * decoder and one fixed response, and nothing else (no SNI routing, no Host check, no timeouts, no
 * metrics, no limits). bench.sh --probe runs it next to nginx and mta-sts, so the cost of mta-sts's
 * features can be told from the cost of the JVM and Netty. Not part of the product.
 * <p>
 * Usage: java -cp target/mta-sts.jar bench/BareProbe.java CERT KEY POLICY PORT
 */
public final class BareProbe {

    public static void main(String[] args) throws Exception {
        SslContext tls = SslContextBuilder.forServer(new File(args[0]), new File(args[1]))
                .sslProvider(SslProvider.OPENSSL).protocols("TLSv1.3", "TLSv1.2").build();
        byte[] body = Files.readAllBytes(Path.of(args[2]));
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        ByteBuf response = fixed(head, body);
        ByteBuf closing = fixed(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body);
        var group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), EpollIoHandler.newFactory());
        new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc()), new HttpRequestDecoder(),
                                new SimpleChannelInboundHandler<Object>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                                        if (msg instanceof HttpRequest request) {
                                            if (HttpUtil.isKeepAlive(request)) {
                                                ctx.write(response.duplicate());
                                            } else {
                                                ctx.write(closing.duplicate()).addListener(f -> ctx.close());
                                            }
                                        }
                                    }

                                    @Override
                                    public void channelReadComplete(ChannelHandlerContext ctx) {
                                        ctx.flush();
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        ctx.close();
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", Integer.parseInt(args[3])).sync().channel().closeFuture().sync();
    }

    private static ByteBuf fixed(byte[] head, byte[] body) {
        return Unpooled.unreleasableBuffer(Unpooled.directBuffer(head.length + body.length).writeBytes(head).writeBytes(body));
    }
}
