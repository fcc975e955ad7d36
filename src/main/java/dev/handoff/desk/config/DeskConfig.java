package dev.handoff.desk.config;

import dev.handoff.metrics.MetricsSettings;
import dev.handoff.translate.TranslationSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the embedded desk needs, with the defaults of {@link DeskConfigLoader}.
 *
 * @param host               interface to bind, {@code 127.0.0.1} by default
 * @param port               Socket.IO port ({@code /live_agent} for bots, {@code /agents} for agents)
 * @param dataDir            where the default H2 database lives
 * @param db                 JDBC URL; {@code null} means an H2 file database under {@code dataDir}
 * @param dbUser             database user ({@code null}: from the URL or none)
 * @param dbPassword         database password ({@code null}: from the URL or none)
 * @param dbMaxPendingWrites the capacity of the queue of writes waiting for the database; the desk refuses
 *                           commands with {@code busy} before it is full (README "The database")
 * @param dbReadConnections  the most connections the desk reads on (a pool); writes have one of their own
 * @param departments        the departments, each with its own queue; the first is the default
 * @param agents             the agents and their tokens
 * @param autoAssign         assign waiting chats to online agents automatically
 * @param autoReply          queue auto-replies
 * @param sla                time an agent has to answer a newly assigned chat before a reminder
 * @param idleArchive        a chat with no message for this long is archived
 * @param disconnectGrace    a chat whose bot disconnected is archived unless it reconnects within this;
 *                           the chats of an agent offline this long go back to the queue
 * @param maxMessageSize     longest message accepted, in characters (user, agent, history entries)
 * @param tick               how often the desk checks its timers (auto-replies, SLA, archive)
 * @param heartbeat          the Engine.IO heartbeat that notices stalled connections
 * @param security           bots' keys, origins, TLS, caps and rates (README "Securing the desk")
 * @param quickReplies       canned answers agents pick in the console, per language
 * @param translation        the machine engine, its key, timeout, cache, TMX file and languages
 * @param metrics            the Prometheus scrape endpoint on the desk's port: on or off, its path, its token
 * @param reports            the time zone reports count days in
 * @param cluster            cluster mode: the Redis URL, this node's id and the prefix; {@code null}: the desk runs
 *                           alone (H2 or PostgreSQL, no Redis). With it, {@code db} must be a PostgreSQL URL
 */
public record DeskConfig(
        String host,
        int port,
        Path dataDir,
        String db,
        String dbUser,
        String dbPassword,
        int dbMaxPendingWrites,
        int dbReadConnections,
        List<String> departments,
        List<AgentConfig> agents,
        boolean autoAssign,
        AutoReplyConfig autoReply,
        Duration sla,
        Duration idleArchive,
        Duration disconnectGrace,
        int maxMessageSize,
        Duration tick,
        HeartbeatConfig heartbeat,
        SecurityConfig security,
        List<QuickReply> quickReplies,
        TranslationSettings translation,
        MetricsSettings metrics,
        ReportsConfig reports,
        ClusterConfig cluster) {

    /** A config of a desk that runs alone (no {@code cluster}). */
    public DeskConfig(
            String host,
            int port,
            Path dataDir,
            String db,
            String dbUser,
            String dbPassword,
            int dbMaxPendingWrites,
            List<String> departments,
            List<AgentConfig> agents,
            boolean autoAssign,
            AutoReplyConfig autoReply,
            Duration sla,
            Duration idleArchive,
            Duration disconnectGrace,
            int maxMessageSize,
            Duration tick,
            HeartbeatConfig heartbeat,
            SecurityConfig security,
            List<QuickReply> quickReplies,
            TranslationSettings translation,
            MetricsSettings metrics,
            ReportsConfig reports) {
        this(
                host,
                port,
                dataDir,
                db,
                dbUser,
                dbPassword,
                dbMaxPendingWrites,
                DEFAULT_READ_CONNECTIONS,
                departments,
                agents,
                autoAssign,
                autoReply,
                sla,
                idleArchive,
                disconnectGrace,
                maxMessageSize,
                tick,
                heartbeat,
                security,
                quickReplies,
                translation,
                metrics,
                reports,
                null);
    }

    /** A config with the default {@code metrics} (on, at {@code /metrics}, open) and {@code reports} (UTC). */
    public DeskConfig(
            String host,
            int port,
            Path dataDir,
            String db,
            String dbUser,
            String dbPassword,
            int dbMaxPendingWrites,
            List<String> departments,
            List<AgentConfig> agents,
            boolean autoAssign,
            AutoReplyConfig autoReply,
            Duration sla,
            Duration idleArchive,
            Duration disconnectGrace,
            int maxMessageSize,
            Duration tick,
            HeartbeatConfig heartbeat,
            SecurityConfig security,
            List<QuickReply> quickReplies,
            TranslationSettings translation) {
        this(
                host,
                port,
                dataDir,
                db,
                dbUser,
                dbPassword,
                dbMaxPendingWrites,
                departments,
                agents,
                autoAssign,
                autoReply,
                sla,
                idleArchive,
                disconnectGrace,
                maxMessageSize,
                tick,
                heartbeat,
                security,
                quickReplies,
                translation,
                MetricsSettings.defaults(),
                ReportsConfig.DEFAULT);
    }

    public static final int DEFAULT_PORT = 5005;
    /**
     * The default {@link #maxMessageSize()}; the {@code human_handoff} preset's {@code max_message_length}
     * defaults to the same (a test pins the two equal).
     */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 4000;

    public static final int DEFAULT_MAX_PENDING_WRITES = 10_000;
    /** The default {@link #dbReadConnections()}: archive pages, searches and start-up reads at once. */
    public static final int DEFAULT_READ_CONNECTIONS = 4;
    /** The most {@link #dbReadConnections()}: a pool is for a few reads at once, not one per agent. */
    public static final int MAX_READ_CONNECTIONS = 64;

    public DeskConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        if (dbMaxPendingWrites < 1) throw new DeskConfigException("dbMaxPendingWrites: must be at least 1");
        if (dbReadConnections < 1 || dbReadConnections > MAX_READ_CONNECTIONS)
            throw new DeskConfigException(
                    "dbReadConnections: must be 1 to " + MAX_READ_CONNECTIONS + ", not " + dbReadConnections);
        departments = List.copyOf(departments);
        agents = List.copyOf(agents);
        Objects.requireNonNull(autoReply, "autoReply");
        Objects.requireNonNull(sla, "sla");
        Objects.requireNonNull(idleArchive, "idleArchive");
        Objects.requireNonNull(disconnectGrace, "disconnectGrace");
        Objects.requireNonNull(tick, "tick");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(security, "security");
        quickReplies = quickReplies == null ? List.of() : List.copyOf(quickReplies);
        if (translation == null) translation = TranslationSettings.none();
        if (metrics == null) metrics = MetricsSettings.defaults();
        if (reports == null) reports = ReportsConfig.DEFAULT;
        if (departments.isEmpty()) throw new DeskConfigException("departments: at least one department is needed");
        if (cluster != null && !isPostgres(db)) {
            throw new DeskConfigException(POSTGRES_NEEDED);
        }
    }

    /** Why a cluster's {@code db} must be PostgreSQL: the one message the loader and the flags give. */
    public static final String POSTGRES_NEEDED = "cluster mode needs a PostgreSQL JDBC URL in 'db'"
            + " (jdbc:postgresql://HOST:PORT/DATABASE): every node shares it, and the leader is elected through it";

    /** True for a PostgreSQL JDBC URL. */
    public static boolean isPostgres(String db) {
        return db != null && db.strip().startsWith("jdbc:postgresql:");
    }

    /**
     * The JDBC URL in use: {@link #db()} or the H2 file database {@code dataDir/desk}. H2 is opened with
     * {@code WRITE_DELAY=0}: its MVStore then writes every commit to the file before the commit returns
     * (by default it does so up to 500 ms later, from a background thread, and a {@code kill -9} in
     * between loses commits that were already acknowledged). The file is written, not synced: a commit
     * survives the process being killed, not the machine losing power.
     */
    public String jdbcUrl() {
        if (db != null && !db.isBlank()) return db;
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("desk") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    /**
     * The desk's texts written in several languages, each a map language → text of one meaning: the quick
     * replies, then the queue auto-reply's texts. The translation memory holds them as exact translations.
     */
    public List<Map<String, String>> equivalentTexts() {
        List<Map<String, String>> groups = new ArrayList<>();
        quickReplies.forEach(q -> groups.add(q.texts()));
        if (autoReply.texts().size() > 1) groups.add(autoReply.texts());
        return List.copyOf(groups);
    }

    public String defaultDepartment() {
        return departments.get(0);
    }

    public Optional<AgentConfig> agentByToken(String token) {
        if (token == null) return Optional.empty();
        return agents.stream().filter(a -> token.equals(a.token())).findFirst();
    }

    public Optional<AgentConfig> agent(String name) {
        return agents.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /**
     * This config on {@code newPort}. Origins that were the defaults for the old port (the desk's own
     * address, where the console is served) become those of the new one.
     */
    public DeskConfig withPort(int newPort) {
        boolean tls = security.tls() != null;
        SecurityConfig.Origins origins = security.origins();
        List<String> oldOwn = SecurityConfig.Origins.defaults(host, port, tls).agents();
        if (origins.agents().equals(oldOwn)) {
            origins = new SecurityConfig.Origins(
                    origins.liveAgent(),
                    SecurityConfig.Origins.defaults(host, newPort, tls).agents());
        }
        return copy(newPort, dataDir, db, security.withOrigins(origins));
    }

    public DeskConfig withDataDir(Path newDataDir) {
        return copy(port, newDataDir, db, security);
    }

    public DeskConfig withDb(String url) {
        return copy(port, dataDir, url, security);
    }

    public DeskConfig withSecurity(SecurityConfig newSecurity) {
        return copy(port, dataDir, db, newSecurity);
    }

    private DeskConfig copy(int newPort, Path newDataDir, String newDb, SecurityConfig newSecurity) {
        return copy(newPort, newDataDir, newDb, newSecurity, translation);
    }

    private DeskConfig copy(
            int newPort,
            Path newDataDir,
            String newDb,
            SecurityConfig newSecurity,
            TranslationSettings newTranslation) {
        return new DeskConfig(
                host,
                newPort,
                newDataDir,
                newDb,
                dbUser,
                dbPassword,
                dbMaxPendingWrites,
                dbReadConnections,
                departments,
                agents,
                autoAssign,
                autoReply,
                sla,
                idleArchive,
                disconnectGrace,
                maxMessageSize,
                tick,
                heartbeat,
                newSecurity,
                quickReplies,
                newTranslation,
                metrics,
                reports,
                cluster);
    }

    /** This config in cluster mode ({@code null}: alone); a cluster needs a PostgreSQL {@link #db()}. */
    public DeskConfig withCluster(ClusterConfig newCluster) {
        return new DeskConfig(
                host,
                port,
                dataDir,
                db,
                dbUser,
                dbPassword,
                dbMaxPendingWrites,
                dbReadConnections,
                departments,
                agents,
                autoAssign,
                autoReply,
                sla,
                idleArchive,
                disconnectGrace,
                maxMessageSize,
                tick,
                heartbeat,
                security,
                quickReplies,
                translation,
                metrics,
                reports,
                newCluster);
    }

    /** This node's id in a cluster: {@code cluster.node}, else {@code host:port}; empty when alone. */
    public Optional<String> nodeId() {
        return Optional.ofNullable(cluster).map(c -> c.nodeOr(host, port));
    }

    public DeskConfig withTranslation(TranslationSettings newTranslation) {
        return copy(port, dataDir, db, security, newTranslation);
    }

    /** Never shows the database URL (it may carry a password), the database password, tokens nor keys. */
    @Override
    public String toString() {
        return "DeskConfig[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", db="
                + (db == null ? "H2" : "***") + ", departments=" + departments + ", agents="
                + agents.stream().map(AgentConfig::name).toList() + ", bots="
                + security.bots().stream().map(SecurityConfig.BotConfig::id).toList() + ", translation=" + translation
                + ", metrics=" + metrics + ", cluster=" + cluster + "]";
    }
}
