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
 * drops them silently): a client sending an unknown event is told nothing, but the desk's log is.
 */
final class WarningJsonSupport implements JsonSupport {
    private static final Logger log = LoggerFactory.getLogger(WarningJsonSupport.class);
    private final JsonSupport delegate = new JacksonJsonSupport();
    private final Map<String, Set<String>> known = new ConcurrentHashMap<>();

    @Override
    public AckArgs readAckArgs(ByteBufInputStream src, AckCallback<?> callback) throws IOException {
        return delegate.readAckArgs(src, callback);
    }

    @Override
    public <T> T readValue(String namespace, ByteBufInputStream src, Class<T> valueType) throws IOException {
        T value = delegate.readValue(namespace, src, valueType);
        if (value instanceof Event e) {
            Set<String> events = known.getOrDefault(namespace, Set.of());
            if (!events.contains(e.getName())) {
                log.warn(
                        "{}: unknown event '{}' ignored (known: {})",
                        namespace,
                        e.getName(),
                        String.join(", ", new TreeSet<>(events)));
            }
        }
        return value;
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
