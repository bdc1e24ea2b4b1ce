package org.koops.server;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code koops serve}, {@code koops token} and {@code koops bench-server}: the commands of the server
 * module, in the jar {@code koops-server/target/koops-server.jar}.
 */
@Command(name = "koops", mixinStandardHelpOptions = true, version = "koops server",
        description = "Collects kernel crash logs from many machines into de-duplicated bugs, on a web dashboard"
                + " and a JSON API.")
public final class ServerMain implements Runnable {
    /** Exit codes: as those of the koops command where they overlap. */
    static final int OK = 0;
    static final int USAGE = 2;
    static final int ERROR = 3;
    /** The rows of the help's "Exit codes:" ("code:meaning", picocli's form) the commands share. */
    static final String USAGE_HELP = USAGE + ":bad usage";
    static final String ERROR_HELP = ERROR + ":the database could not be opened or used, or an internal error";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * {@code serve}, {@code token} and {@code bench-server} by name, for another command line such as koops's,
     * which builds only the one it runs; the names are those of their {@code @Command}.
     */
    public static Map<String, Class<?>> commands() {
        Map<String, Class<?>> commands = new LinkedHashMap<>();
        commands.put("serve", ServeCommand.class);
        commands.put("token", TokenCommand.class);
        commands.put("bench-server", BenchCommand.class);
        return commands;
    }

    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new ServerMain())
                .setExecutionExceptionHandler((e, c, parsed) -> {
                    c.getErr().println("koops: " + e.getMessage());
                    return ERROR;
                });
        commands().values().forEach(cmd::addSubcommand);
        return cmd;
    }

    @Override
    public void run() {
        PrintWriter err = spec.commandLine().getErr();
        spec.commandLine().usage(err);
    }
}
