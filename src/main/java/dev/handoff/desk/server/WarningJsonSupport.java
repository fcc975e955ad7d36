package dev.handoff.desk.server;

import com.corundumstudio.socketio.AckCallback;
import com.corundumstudio.socketio.protocol.AckArgs;
import com.corundumstudio.socketio.protocol.Event;
import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import com.corundumstudio.socketio.protocol.JsonSupport;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * netty-socketio's Jackson support, plus a warning for events no listener knows (netty-socketio
 * drops them silently): a client sending an unknown event is told nothing, but the desk's log is, with
 * the name cut to an {@link Excerpt} and at most a few lines per connection ({@link ConnectionLog}).
 *
 * <p>netty-socketio wraps this in a class that, when reading fails, reads the whole packet again as
 * one line to log it: a failure here first moves the stream's mark to its end, so that re-read finds
 * nothing (the desk's own line, with a bounded excerpt, comes from {@link LoggingExceptionListener}).
 */
final class WarningJsonSupport implements JsonSupport {
    private static final Logger log = LoggerFactory.getLogger(WarningJsonSupport.class);
    private final JsonSupport delegate = new JacksonJsonSupport();
    private final Map<String, Set<String>> known = new ConcurrentHashMap<>();
    private final ConnectionLog.Budget logs;

    WarningJsonSupport(ConnectionLog.Budget logs) {
        this.logs = logs;
    }

    @Override
    public AckArgs readAckArgs(ByteBufInputStream src, AckCallback<?> callback) throws IOException {
        try {
            return delegate.readAckArgs(src, callback);
        } catch (IOException | RuntimeException e) {
            markEnd(src);
            throw e;
        }
    }

    @Override
    public <T> T readValue(String namespace, ByteBufInputStream src, Class<T> valueType) throws IOException {
        T value;
        try {
            value = delegate.readValue(namespace, src, valueType);
        } catch (IOException | RuntimeException e) {
            markEnd(src);
            throw e;
        }
        if (value instanceof Event e) {
            Set<String> events = known.getOrDefault(namespace, Set.of());
            if (!events.contains(e.getName())) unknown(namespace, e.getName(), events);
        }
        return value;
    }

    private void unknown(String namespace, String event, Set<String> events) {
        String format = "{}: unknown event '{}' ignored (known: {}){}";
        String knownEvents = String.join(", ", new TreeSet<>(events));
        ConnectionLog clog = ConnectionLog.decoding();
        if (clog == null) {
            logs.warn(log, format, namespace, Excerpt.of(event), knownEvents, "");
        } else {
            clog.warn(log, format, namespace, Excerpt.of(event), knownEvents, " from " + clog.who());
        }
    }

    /** Moves {@code src}'s mark to its end: a later {@code reset()} and re-read find nothing. */
    private static void markEnd(ByteBufInputStream src) throws IOException {
        src.skip(src.available());
        src.mark(0);
    }

    @Override
    public void writeValue(ByteBufOutputStream out, Object value) throws IOException {
        delegate.writeValue(out, value);
    }

    @Override
    public void addEventMapping(String namespace, String eventName, Class<?>... eventClass) {
        known.computeIfAbsent(namespace, k -> ConcurrentHashMap.newKeySet()).add(eventName);
        delegate.addEventMapping(namespace, eventName, eventClass);
    }

    @Override
    public void removeEventMapping(String namespace, String eventName) {
        Set<String> events = known.get(namespace);
        if (events != null) events.remove(eventName);
        delegate.removeEventMapping(namespace, eventName);
    }

    @Override
    public List<byte[]> getArrays() {
        return delegate.getArrays();
    }
}
