package org.koops.server;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code koops token create|list|revoke}: exit codes, standard output and standard error. */
class TokenCommandTest {
    @TempDir
    Path dir;

    /** A run's exit code, standard output and standard error. */
    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ServerMain.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void revokeSaysWhichTokenItRevokedAndRefusesOneThatIsNotLive() {
        String db = TestDatabases.h2(dir);
        Run created = run("token", "create", "--name", "web-07", "--db", db);
        assertThat(created.exit()).isZero();
        assertThat(created.out()).startsWith("koops_");
        assertThat(run("token", "list", "--db", db).out()).startsWith("1\tsubmit\tweb-07\tcreated ");

        Run revoked = run("token", "revoke", "1", "--db", db);
        assertThat(revoked.exit()).isZero();
        assertThat(revoked.out()).isEqualTo("revoked token 1 (submit, web-07); its logins are closed\n");
        assertThat(revoked.err()).isEmpty();

        Run again = run("token", "revoke", "1", "--db", db);
        assertThat(again.exit()).isEqualTo(ServerMain.USAGE);
        assertThat(again.out()).isEmpty();
        assertThat(again.err()).isEqualTo("koops: no live token 1 (koops token list)\n");
    }
}
