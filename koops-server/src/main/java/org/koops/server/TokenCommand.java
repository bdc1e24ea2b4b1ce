package org.koops.server;

import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Instant;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "token", mixinStandardHelpOptions = true,
        description = "API tokens: machines submit logs with them, people log in with them. Only a hash is stored;"
                + " a token is printed once, when it is created.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ServerMain.OK + ":done", ServerMain.USAGE + ":bad usage, or no such token to revoke",
                ServerMain.ERROR_HELP},
        footerHeading = "%nExamples:%n",
        footer = {"  koops token create --name web-07   # prints the token once",
                "  koops token list",
                "  koops token revoke 3"},
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a token and prints it.",
            footerHeading = "%nExamples:%n",
            footer = {"  koops token create --name web-07              # a machine that submits its logs",
                    "  koops token create --name alice --role admin  # a person who triages"})
    static final class Create implements Callable<Integer> {
        @Option(names = "--name", defaultValue = "token",
                description = "Who or what uses it (default: ${DEFAULT-VALUE}).")
        String name;

        @Option(names = "--role", defaultValue = "submit", description = "${COMPLETION-CANDIDATES}: read (look, when"
                + " login is required), submit (send logs), admin (also triage) (default: ${DEFAULT-VALUE}).")
        Role role;

        @Mixin
        DbOptions db;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (Database database = db.open(2); Connection c = database.connection()) {
                String token = Tokens.create(c, name, role, Instant.now());
                spec.commandLine().getOut().println(token);
                spec.commandLine().getErr().println("koops: created " + (role == Role.admin ? "an " : "a ") + role
                        + " token named " + name + "; it is not shown again.");
            }
            return ServerMain.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the tokens (never their values).")
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        DbOptions db;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (Database database = db.open(2); Connection c = database.connection()) {
                for (Tokens.Token t : Tokens.list(c)) {
                    out.printf("%d\t%s\t%s\tcreated %s%s%n", t.id(), t.role(), t.name(), t.created(),
                            t.revoked() == null ? "" : "\trevoked " + t.revoked());
                }
            }
            out.flush();
            return ServerMain.OK;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes a token and its logins.")
    static final class Revoke implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The token's number, from koops token list.")
        long id;

        @Mixin
        DbOptions db;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (Database database = db.open(2); Connection c = database.connection()) {
                java.util.Optional<Tokens.Token> token = Tokens.byId(c, id);
                if (token.isEmpty() || !Tokens.revoke(c, id, Instant.now())) {
                    spec.commandLine().getErr().println("koops: no live token " + id + " (koops token list)");
                    return ServerMain.USAGE;
                }
                spec.commandLine().getOut().println("revoked token " + id + " (" + token.get().role() + ", "
                        + token.get().name() + "); its logins are closed");
            }
            spec.commandLine().getOut().flush();
            return ServerMain.OK;
        }
    }
}
