package org.koops.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;

import org.koops.Koops;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** The {@code koops} command: turns Linux kernel crash logs into explained diagnoses. */
@Command(name = "koops", mixinStandardHelpOptions = true, versionProvider = KoopsCommand.Version.class,
        description = {"Finds the crash reports in Linux kernel logs (oops, panic, general protection fault,"
                + " BUG, WARNING, KASAN ...) and explains them: cause, culprit, context, next steps."},
        footerHeading = "%nExamples:%n",
        footer = {"  koops explain /var/log/kern.log        # explain every report in a log",
                "  dmesg | koops explain --brief          # summaries only",
                "  koops explain --format=json crash.log  # JSON Lines, see docs/json.md",
                "%nRun 'koops COMMAND --help' for a command's options, examples and exit codes."})
public final class KoopsCommand implements Callable<Integer> {
    /**
     * The subcommands by name, in the order of the help. A run builds only the one it runs, found here by
     * name: picocli reflects over every option of every command it is given, and reading each class's
     * {@code @Command} name loads and parses them all. The names are those of the annotations (KoopsCommandTest).
     */
    private static final Map<String, Class<?>> COMMANDS = commands();

    /** The options of a run that only prints help or the version. */
    private static final Set<String> HELP_OPTIONS = Set.of("-h", "--help", "-V", "--version");

    /** One line naming the mistake and where help is, instead of picocli's message plus the whole usage. */
    private static final IParameterExceptionHandler USAGE_ERROR = (e, args) -> {
        CommandLine cmd = e.getCommandLine();
        String message = e.getMessage();
        cmd.getErr().println("koops: " + Character.toLowerCase(message.charAt(0)) + message.substring(1)
                + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        return ExitCodes.USAGE;
    };

    /** A bug: one line unless the user asked for the stack trace. */
    private static final IExecutionExceptionHandler INTERNAL_ERROR = (e, cmd, parseResult) -> {
        if (stacktraceRequested(parseResult)) {
            e.printStackTrace(cmd.getErr());
        } else {
            cmd.getErr().println("koops: internal error: " + e + " (rerun with --stacktrace for details)");
        }
        return ExitCodes.INTERNAL_ERROR;
    };

    @Spec
    CommandSpec spec;

    /** Without a command there is nothing to do: show what there is. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("decode") && Collections.disjoint(List.of(args), HELP_OPTIONS)) {
            // decode is short: on its cold JVM the format table takes tens of milliseconds to build, which
            // another core does while picocli builds the command. (explain and list gained nothing: on their
            // JVM the compiler threads keep the other core busy.)
            Thread prepare = new Thread(Koops::prepare, "koops-prepare");
            prepare.setDaemon(true);
            prepare.start();
        }
        CommandLine cmd = args.length == 0 ? commandLine() : commandLine(args[0]);
        // UTF-8 whatever the locale, as logs and explanations are; stdout is buffered because it can be large.
        PrintWriter out = new PrintWriter(
                new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)));
        cmd.setOut(out);
        cmd.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        int exit = cmd.execute(args);
        out.flush();
        System.exit(exit);
    }

    /** The command line with every command, koops's error handling and help: used by {@link #main} and the tests. */
    static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command line for a run whose first argument is {@code first}: with that command alone when it
     * names one (but completion, which lists them all), else with all (usage, suggestions for a typo).
     */
    static CommandLine commandLine(String first) {
        // picocli would register converters for java.sql and java.time types, loading some sixty classes; no option has one.
        System.setProperty("picocli.converters.excludes", "java\\.(sql|time)\\..*");
        Class<?> named = "completion".equals(first) ? null : COMMANDS.get(first);
        CommandLine cmd = new CommandLine(new KoopsCommand())
                .setParameterExceptionHandler(USAGE_ERROR)
                .setExecutionExceptionHandler(INTERNAL_ERROR);
        for (Class<?> command : named == null ? COMMANDS.values() : List.of(named)) {
            cmd.addSubcommand(command);
        }
        CommandTable.groupHelp(cmd);
        return cmd;
    }

    /** Each subcommand class by its name, in the order of the help ({@link CommandTable}). */
    static Map<String, Class<?>> commands() {
        return CommandTable.commands();
    }

    private static boolean stacktraceRequested(ParseResult result) {
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--stacktrace")) {
                return true;
            }
        }
        return false;
    }

    /** The version Maven wrote into {@code version.properties} at build time. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = KoopsCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"koops " + properties.getProperty("version", "(development build)")};
        }
    }
}
