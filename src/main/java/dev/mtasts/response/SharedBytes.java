package dev.mtasts.response;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;

/**
 * Read-only direct buffers shared by many responses and never released: their memory belongs to a
 * JDK {@link ByteBuffer}, freed by the garbage collector once no response refers to it. They do not
 * come from a Netty allocator, so the leak detector never reports them when a reload or the next
 * second's {@code Date} line replaces them (it would log a false {@code LEAK} error and, since it
 * reports each kind of leak once, hide a real one).
 */
final class SharedBytes {

    private SharedBytes() {
    }

    static ByteBuf of(byte[] bytes) {
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct)).asReadOnly();
    }
}
