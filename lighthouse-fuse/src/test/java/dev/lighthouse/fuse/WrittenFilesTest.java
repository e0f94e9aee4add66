package dev.lighthouse.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** How a file's content is rebuilt from one recorded change: known after a Write, kept known by edits that apply. */
class WrittenFilesTest {
    @ParameterizedTest(name = "{0} {1} on [{2}] -> [{3}]")
    @CsvSource(delimiter = '|', nullValues = "?", textBlock = """
            Write     | {"file_path":"/p/a","content":"x = 1"}                                    | ?       | x = 1
            Write     | {"file_path":"/p/a","content":"new"}                                      | old     | new
            Write     | {"file_path":"/p/a","omittedChars":300000,"sha256":"ab"}                  | old     | ?
            Edit      | {"file_path":"/p/a","old_string":"1","new_string":"2"}                    | x = 1   | x = 2
            Edit      | {"file_path":"/p/a","old_string":"1","new_string":"2"}                    | 1 1     | ?
            Edit      | {"file_path":"/p/a","old_string":"1","new_string":"2","replace_all":true} | 1 1     | 2 2
            Edit      | {"file_path":"/p/a","old_string":"9","new_string":"2"}                    | x = 1   | ?
            Edit      | {"file_path":"/p/a","old_string":"1","new_string":"2"}                    | ?       | ?
            Edit      | {"file_path":"/p/a","old_string":"","new_string":"created"}               | ?       | created
            MultiEdit | {"file_path":"/p/a","edits":[{"old_string":"a","new_string":"b"},{"old_string":"b c","new_string":"d"}]} | a c | d
            MultiEdit | {"file_path":"/p/a","edits":[{"old_string":"a","new_string":"b"},{"old_string":"z","new_string":"d"}]}   | a c | ?
            """)
    void after_oneChange_givesTheRebuiltContent_orUnknown(String tool, String input, String before, String after) {
        JsonNode in = BridgeHttp.JSON.readTree(input);
        WrittenFiles.Content was = before == null
                ? new WrittenFiles.Content.Unknown("never written whole")
                : new WrittenFiles.Content.Known(before.getBytes(StandardCharsets.UTF_8));
        WrittenFiles.Content now = WrittenFiles.after(tool, in, was, before == null);
        if (after == null) {
            assertThat(now).isInstanceOf(WrittenFiles.Content.Unknown.class);
        } else {
            assertThat(now)
                    .isInstanceOfSatisfying(
                            WrittenFiles.Content.Known.class,
                            k -> assertThat(new String(k.bytes(), StandardCharsets.UTF_8))
                                    .isEqualTo(after));
        }
    }
}
