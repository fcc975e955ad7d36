package dev.handoff.cli;

import dev.handoff.preset.Validator;
import dev.handoff.yaml.Problems;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code handoff validate FILE...}: every problem as FILE:LINE:COLUMN: message; status 1 if any error. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Checks bot and preset files and prints every problem as FILE:LINE:COLUMN: message.",
            "Exit status: 0 no errors (warnings allowed), 1 errors found."
        })
final class ValidateCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Bot or preset YAML files.")
    List<Path> files;

    @Override
    public Integer call() {
        try (var runtime = dev.handoff.HandoffRuntime.create(
                Runtimes.infrastructure(), com.google.inject.util.Modules.EMPTY_MODULE)) {
            return validate(new Validator(runtime.presets(), runtime.actions()), files, System.out);
        }
    }

    static int validate(Validator validator, List<Path> files, PrintStream out) {
        long errors = 0;
        long warnings = 0;
        for (Path file : files) {
            Problems problems = validator.validate(file);
            Validator.render(problems).forEach(out::println);
            errors += problems.errorCount();
            warnings += problems.warningCount();
        }
        out.println(count(errors, "error") + ", " + count(warnings, "warning") + " in " + count(files.size(), "file"));
        out.flush();
        return errors > 0 ? 1 : 0;
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
