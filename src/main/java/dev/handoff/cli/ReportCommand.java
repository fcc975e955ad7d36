package dev.handoff.cli;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigException;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.report.Report;
import dev.handoff.desk.report.ReportCsv;
import dev.handoff.desk.report.ReportException;
import dev.handoff.desk.report.ReportRequest;
import dev.handoff.desk.report.Reports;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code handoff desk report}: the desk's report for a range of days, as CSV ({@link ReportCsv}) on
 * standard output or in {@code --out FILE}, read from the desk's database (the config's, {@code --data}
 * or {@code --db}) without changing it. Exit status 2 for a problem of the command line or the config,
 * 1 for one of the database (an H2 file a running desk holds among them: the console's export or
 * PostgreSQL is the way then).
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Prints the desk's report as CSV: per day, department or agent, the chats, the median and 90th"
                    + " percentile of wait, first response and handle time, abandonment and satisfaction, then a"
                    + " total per department and for the range.",
            "Days are those of reports.timeZone in the config (UTC by default). Reads the desk's database without"
                    + " changing it; an H2 database can be read only while no desk runs on it."
        })
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "desk YAML config (default: the bundled desk.yaml)")
    Path config;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "data directory of the H2 database (default: the config's, handoff-data)")
    Path data;

    @Option(names = "--db", paramLabel = "JDBC_URL", description = "a JDBC URL instead of H2 (default: the config's)")
    String db;

    @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "first day of the range")
    String from;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "YYYY-MM-DD",
            description = "last day of the range (included)")
    String to;

    @Option(
            names = "--by",
            paramLabel = "day|department|agent",
            description = "what a row is (default: day); several joined by commas, e.g. day,agent")
    String by;

    @Option(names = "--out", paramLabel = "FILE", description = "write the CSV to FILE instead of standard output")
    Path out;

    private final PrintStream stdout;
    private final PrintStream stderr;

    ReportCommand() {
        this(System.out, System.err);
    }

    ReportCommand(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() {
        ReportRequest request;
        try {
            request = ReportRequest.parse(from, to, by);
        } catch (ReportException e) {
            stderr.println("handoff desk report: " + e.getMessage());
            return 2;
        }
        DeskConfig desk;
        try {
            desk = config == null ? DeskConfigLoader.bundled() : DeskConfigLoader.load(config);
        } catch (DeskConfigException e) {
            stderr.println("handoff desk report: the configuration cannot be used:");
            stderr.println(e.getMessage());
            return 2;
        }
        if (data != null) desk = desk.withDataDir(data);
        if (db != null) desk = desk.withDb(db);
        String url = desk.jdbcUrl();
        if (desk.db() == null || desk.db().isBlank()) {
            Path file = desk.dataDir().resolve("desk.mv.db");
            if (!Files.isRegularFile(file)) {
                stderr.println("handoff desk report: there is no desk database in " + desk.dataDir() + " (no "
                        + file.getFileName() + "); give the desk's --data DIR or --db URL");
                return 1;
            }
            url = url + ";IFEXISTS=TRUE";
        }
        Report report;
        try {
            report = new Reports(
                            url,
                            desk.dbUser(),
                            desk.dbPassword(),
                            desk.reports().timeZone())
                    .run(request);
        } catch (ReportException e) {
            stderr.println("handoff desk report: " + e.getMessage() + fix(e, desk));
            return 1;
        }
        String csv = ReportCsv.of(report);
        if (out == null) {
            byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
            stdout.write(bytes, 0, bytes.length);
            stdout.flush();
            return 0;
        }
        try {
            Path target = out.toAbsolutePath();
            Path temp = Files.createTempFile(target.getParent(), ".report-", ".csv");
            Files.writeString(temp, csv, StandardCharsets.UTF_8);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            stderr.println("handoff desk report: cannot write " + out + ": " + e.getMessage());
            return 1;
        }
        stderr.println("handoff desk report: " + report.rows().size() + " row(s), "
                + report.total().chats()
                + " chat(s) from " + report.from() + " to " + report.to() + " (" + report.timeZone() + ") written to "
                + out);
        return 0;
    }

    private static String fix(ReportException e, DeskConfig desk) {
        return switch (e.problem()) {
            case DATABASE_IN_USE -> "; while the desk runs, export the report from the console (Reports, Export"
                    + " CSV, for a supervisor), or stop the desk first; a desk on PostgreSQL (--db) can be reported on"
                    + " while it runs";
            case DATABASE_UNREACHABLE -> "; check that the database server runs and the --db URL (or 'db' in the"
                    + " config)";
            case NO_FACTS -> "";
            case TOO_MANY_CHATS, BAD_REQUEST -> "";
            case DATABASE_FAILED -> desk.db() == null ? "" : "; check the --db URL, the user and its rights";
        };
    }
}
