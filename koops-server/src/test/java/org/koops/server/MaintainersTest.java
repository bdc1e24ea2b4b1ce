package org.koops.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The MAINTAINERS file's sections, found as scripts/get_maintainer.pl finds them. */
class MaintainersTest {
    /** An excerpt in the file's own form, preamble included. */
    private static final List<String> FILE = List.of(
            "List of maintainers",
            "===================",
            "",
            "Descriptions of section entries and preferred order",
            "\tM: *Mail* patches to: FullName <address@domain>",
            "",
            "EXT4 FILE SYSTEM",
            "M:\t\"Theodore Ts'o\" <tytso@example.org>",
            "L:\tlinux-ext4@example.org",
            "S:\tMaintained",
            "F:\tfs/ext4/",
            "F:\tinclude/trace/events/ext4.h",
            "",
            "FILESYSTEMS (VFS and infrastructure)",
            "M:\tAl Viro <viro@example.org>",
            "L:\tlinux-fsdevel@example.org (moderated)",
            "S:\tMaintained",
            "F:\tfs/*",
            "X:\tfs/ext4/",
            "",
            "NETWORKING DRIVERS",
            "L:\tnetdev@example.org",
            "S:\tOdd Fixes",
            "F:\tdrivers/net/",
            "X:\tdrivers/net/wireless/",
            "",
            "WIRELESS DRIVERS",
            "R:\tA Reviewer <r@example.org>",
            "S:\tMaintained",
            "N:\twireless");

    private final Maintainers maintainers = Maintainers.parse(FILE);

    @TempDir
    Path dir;

    @Test
    void aBugPageNamesTheSubsystemOfItsGuiltyFile() throws Exception {
        List<String> file = new ArrayList<>(FILE);
        file.addAll(List.of("", "EVIL DRIVER", "M:\tE. Vil <evil@example.org>", "L:\tevil@example.org", "S:\tOrphan",
                "F:\tdrivers/evil/"));
        Path maintainersFile = Files.write(dir.resolve("MAINTAINERS"), file);
        try (TestServer t = TestServer.start(ServerConfig.builder(TestDatabases.h2(dir)).maintainers(maintainersFile))) {
            long bug = t.http.submit(t.submitter, "", TestLogs.resource("hostile-warning.log")).json()
                    .at("/crashes/0/bug").asLong();

            JsonNode detail = t.http.get("/api/v1/bugs/" + bug).json();
            assertThat(detail.get("guiltyFile").asText()).isEqualTo("drivers/evil/x.c");
            assertThat(detail.at("/maintainers/0/subsystem").asText()).isEqualTo("EVIL DRIVER");
            assertThat(t.http.get("/bugs/" + bug).body()).contains("Subsystem <strong>EVIL DRIVER</strong> (Orphan)",
                    "maintained by E. Vil &lt;evil@example.org&gt;", "write to evil@example.org");
        }
    }

    @Test
    void theMostSpecificSectionOfAFileWins() {
        assertThat(maintainers.of("fs/ext4/inode.c")).extracting(Maintainers.Section::subsystem)
                .containsExactly("EXT4 FILE SYSTEM");
        Maintainers.Section ext4 = maintainers.of("fs/ext4/inode.c").get(0);
        assertThat(ext4.maintainers()).containsExactly("\"Theodore Ts'o\" <tytso@example.org>");
        assertThat(ext4.lists()).containsExactly("linux-ext4@example.org");
        assertThat(ext4.status()).isEqualTo("Maintained");
    }

    @Test
    void aStarStaysInItsDirectoryAndExcludedFilesAreLeftOut() {
        assertThat(maintainers.of("fs/namei.c")).extracting(Maintainers.Section::subsystem)
                .containsExactly("FILESYSTEMS (VFS and infrastructure)");
        assertThat(maintainers.of("fs/btrfs/inode.c")).isEmpty();
        assertThat(maintainers.of("drivers/net/wireless/ath/ath9k/htc_drv_init.c"))
                .extracting(Maintainers.Section::subsystem).containsExactly("WIRELESS DRIVERS");
        assertThat(maintainers.of("drivers/net/ethernet/intel/e1000e/netdev.c"))
                .extracting(Maintainers.Section::subsystem).containsExactly("NETWORKING DRIVERS");
        assertThat(maintainers.of(null)).isEmpty();
        assertThat(maintainers.of("mm/slub.c")).isEmpty();
    }
}
