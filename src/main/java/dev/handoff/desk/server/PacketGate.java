package dev.handoff.desk.server;

import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.messages.PacketsMessage;
import com.corundumstudio.socketio.protocol.Packet;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;

/**
 * Sits just before netty-socketio's packet decoder and sees each message a client sends (a websocket
 * frame, or a polling body), on the connection's event loop:
 *
 * <ul>
 *   <li>a namespace CONNECT without auth data ({@code 40/agents,}) gets an empty object ({@code
 *       40/agents,{}}): netty-socketio runs a namespace's auth listeners only when the CONNECT carries
 *       data, so without this an anonymous client would be connected first and refused only after. With
 *       it, every CONNECT meets the namespace's listeners (Origin, token, key) before it is accepted;
 *   <li>while netty-socketio decodes the message, {@link ConnectionLog} knows where it starts, so a
 *       failure is logged with a bounded excerpt of it (netty-socketio's own loggers, which print whole
 *       packets, are silenced in {@code logback.xml}).
 * </ul>
 */
@ChannelHandler.Sharable
final class PacketGate extends ChannelInboundHandlerAdapter {
    static final String NAME = "deskPacketGate";
    private static final byte RECORD_SEPARATOR = 0x1e;
    private static final byte[] EMPTY_AUTH = "{}".getBytes(StandardCharsets.US_ASCII);
    /** A CONNECT without data is short: {@code 40}, the namespace, a comma. */
    private static final int LONGEST_BARE_CONNECT = 256;

    private final ConnectionLog.Budget logs;

    PacketGate(ConnectionLog.Budget logs) {
        this.logs = logs;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof PacketsMessage message)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf filled = withAuthData(message.getContent(), message.getClient());
        PacketsMessage forward =
                filled == null ? message : new PacketsMessage(message.getClient(), filled, message.getTransport());
        ConnectionLog clog = logs.of(ctx.channel());
        clog.decoding(forward.getContent(), forward.getContent().readerIndex());
        try {
            ctx.fireChannelRead(forward);
        } finally {
            clog.decoded();
            if (filled != null) filled.release();
        }
    }

    /**
     * {@code content} with {@code {}} added to each CONNECT packet that has no data, or {@code null}
     * when there is none (the usual case, found without copying). Engine.IO 4 text packets, separated
     * by U+001E in a polling body; a binary attachment that is awaited is left alone.
     */
    static ByteBuf withAuthData(ByteBuf content, ClientHead client) {
        Packet awaiting = client.getLastBinaryPacket();
        if (awaiting != null && awaiting.hasAttachments() && !awaiting.isAttachmentsLoaded()) return null;
        int start = content.readerIndex();
        int end = content.writerIndex();
        boolean any = false;
        for (int from = start; from < end; ) {
            int sep = content.indexOf(from, end, RECORD_SEPARATOR);
            int to = sep < 0 ? end : sep;
            if (isBareConnect(content, from, to)) {
                any = true;
                break;
            }
            from = to + 1;
        }
        if (!any) return null;
        ByteBuf out = content.alloc().buffer(content.readableBytes() + 16);
        for (int from = start; from < end; ) {
            int sep = content.indexOf(from, end, RECORD_SEPARATOR);
            int to = sep < 0 ? end : sep;
            out.writeBytes(content, from, to - from);
            if (isBareConnect(content, from, to)) {
                boolean namespaced = to - from > 2;
                if (namespaced && content.getByte(to - 1) != ',') out.writeByte(',');
                out.writeBytes(EMPTY_AUTH);
            }
            if (sep >= 0) out.writeByte(RECORD_SEPARATOR);
            from = to + 1;
        }
        return out;
    }

    /** {@code 40}, {@code 40/ns} or {@code 40/ns,}: a Socket.IO CONNECT with no data after its namespace. */
    private static boolean isBareConnect(ByteBuf buf, int from, int to) {
        int length = to - from;
        if (length < 2 || length > LONGEST_BARE_CONNECT) return false;
        if (buf.getByte(from) != '4' || buf.getByte(from + 1) != '0') return false;
        if (length == 2) return true;
        if (buf.getByte(from + 2) != '/') return false;
        int comma = buf.indexOf(from + 2, to, (byte) ',');
        return comma < 0 || comma == to - 1;
    }
}
