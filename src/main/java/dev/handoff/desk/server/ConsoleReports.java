package dev.handoff.desk.server;

import dev.handoff.desk.api.DeskError;
import dev.handoff.desk.config.AgentConfig;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.report.Report;
import dev.handoff.desk.report.ReportCsv;
import dev.handoff.desk.report.ReportException;
import dev.handoff.desk.report.ReportRequest;
import dev.handoff.desk.report.Reports;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's reports, for supervisors only: {@code GET /api/report?from=YYYY-MM-DD&to=YYYY-MM-DD&by=day}
 * answers the {@link Report} as JSON, {@code GET /api/report.csv} (same parameters) the same report as
 * {@link ReportCsv} CSV to download ({@code Content-Disposition: attachment}).
 *
 * <ul>
 *   <li>No live session: {@code 401 invalid_token}; a session of an agent whose role is not {@code
 *       supervisor}: {@code 403 supervisors_only}; an Origin {@code security.origins.agents} does not
 *       allow: {@code 403 origin_not_allowed}; a method other than GET or HEAD: {@code 405}.
 *   <li>A bad date, range or grouping: {@code 400 bad_request} with what to write instead.
 *   <li>The report is made on the {@code reads} executor (a few threads, a short bounded queue), never
 *       on the event thread; when it is full: {@code 503 busy} with {@code Retry-After}.
 * </ul>
 */
final class ConsoleReports {
    private static final Logger log = LoggerFactory.getLogger(ConsoleReports.class);
    static final String PATH = "/api/report";
    static final String CSV_PATH = "/api/report.csv";

    private final DeskConfig config;
    private final ConsoleSignIn signIn;
    private final Reports reports;
    private final Executor reads;

    ConsoleReports(DeskConfig config, ConsoleSignIn signIn, Reports reports, Executor reads) {
        this.config = config;
        this.signIn = signIn;
        this.reports = reports;
        this.reads = reads;
    }

    boolean handles(String path) {
        return path.equals(PATH) || path.equals(CSV_PATH);
    }

    /** Answers {@code req}; takes its own reference to it while the report is made. */
    void handle(ChannelHandlerContext ctx, FullHttpRequest req, String path) {
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && !config.security().origins().allowsAgents(origin)) {
            ConsoleHttp.error(
                    ctx,
                    req,
                    HttpResponseStatus.FORBIDDEN,
                    DeskError.Code.ORIGIN_NOT_ALLOWED,
                    "this page's origin may not read reports (security.origins.agents)");
            return;
        }
        if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
            FullHttpResponse res = ConsoleHttp.response(HttpResponseStatus.METHOD_NOT_ALLOWED, null, new byte[0]);
            res.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            ConsoleHttp.send(ctx, req, res);
            return;
        }
        Optional<AgentConfig> agent = signIn.agentOf(req.headers());
        if (agent.isEmpty()) {
            ConsoleHttp.error(ctx, req, HttpResponseStatus.UNAUTHORIZED, DeskError.Code.INVALID_TOKEN, "not signed in");
            return;
        }
        if (!agent.get().supervisor()) {
            ConsoleHttp.error(
                    ctx,
                    req,
                    HttpResponseStatus.FORBIDDEN,
                    DeskError.Code.SUPERVISORS_ONLY,
                    "reports are for supervisors (role: supervisor in desk.yaml)");
            return;
        }
        Map<String, List<String>> query = new QueryStringDecoder(req.uri()).parameters();
        ReportRequest request;
        try {
            request = ReportRequest.parse(first(query, "from"), first(query, "to"), first(query, "by"));
        } catch (ReportException e) {
            ConsoleHttp.error(ctx, req, HttpResponseStatus.BAD_REQUEST, DeskError.Code.BAD_REQUEST, e.getMessage());
            return;
        }
        boolean csv = path.equals(CSV_PATH);
        String who = agent.get().name();
        req.retain();
        try {
            reads.execute(() -> {
                try {
                    Report report = reports.run(request);
                    ctx.executor().execute(() -> answer(ctx, req, report, csv));
                } catch (ReportException e) {
                    ctx.executor().execute(() -> refused(ctx, req, e, who));
                } catch (RuntimeException e) {
                    ctx.executor().execute(() -> ConsoleHttp.internalError(ctx, req, "a report", e));
                }
            });
        } catch (RejectedExecutionException e) {
            req.release();
            busy(ctx, req);
        }
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private void answer(ChannelHandlerContext ctx, FullHttpRequest req, Report report, boolean csv) {
        try {
            if (!csv) {
                ConsoleHttp.json(ctx, req, HttpResponseStatus.OK, report);
                return;
            }
            FullHttpResponse res = ConsoleHttp.response(
                    HttpResponseStatus.OK,
                    "text/csv; charset=utf-8; header=present",
                    ReportCsv.of(report).getBytes(StandardCharsets.UTF_8));
            res.headers()
                    .set(
                            HttpHeaderNames.CONTENT_DISPOSITION,
                            "attachment; filename=\"" + ReportCsv.fileName(report) + "\"")
                    .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            ConsoleHttp.send(ctx, req, res);
        } finally {
            req.release();
        }
    }

    private void refused(ChannelHandlerContext ctx, FullHttpRequest req, ReportException e, String who) {
        try {
            switch (e.problem()) {
                case BAD_REQUEST, TOO_MANY_CHATS -> ConsoleHttp.error(
                        ctx, req, HttpResponseStatus.BAD_REQUEST, DeskError.Code.BAD_REQUEST, e.getMessage());
                default -> {
                    String id = Guard.errorId();
                    log.error("console: the report {} asked for failed [{}]: {}", who, id, e.getMessage(), e);
                    ConsoleHttp.error(
                            ctx,
                            req,
                            HttpResponseStatus.SERVICE_UNAVAILABLE,
                            DeskError.Code.INTERNAL,
                            "the report cannot be made now: the database did not answer (error id " + id + ")");
                }
            }
        } finally {
            req.release();
        }
    }

    private static void busy(ChannelHandlerContext ctx, FullHttpRequest req) {
        ConsoleHttp.json(
                ctx,
                req,
                HttpResponseStatus.SERVICE_UNAVAILABLE,
                Map.of("code", DeskError.Code.BUSY.wire(), "message", "reports are being made; try again in a moment"),
                Map.of(HttpHeaderNames.RETRY_AFTER.toString(), "2"));
    }
}
