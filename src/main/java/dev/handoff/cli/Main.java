package dev.handoff.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code handoff} command. */
@Command(
        name = "handoff",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description =
                "Human handoff for chatbots: chat with a bot, validate bots and presets, run the live-agent desk.",
        subcommands = {
            ChatCommand.class,
            ValidateCommand.class,
            DeskCommand.class,
            AgentCommand.class,
            DemoCommand.class,
            ServeCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status (for tests). */
    public static int run(String... args) {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"handoff " + (version == null ? "(development build)" : version)};
        }
    }
}
