package dev.lighthouse.events.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Text read through its bytes, each distinct value decoded once, reads as the driver's own strings do. */
class RecurringTextTest {

    @Test
    void read_recurringAndManyDistinctValues_asTheDriverReadsThem() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (n INTEGER PRIMARY KEY, v TEXT)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO t (n, v) VALUES (?, ?)")) {
                for (int n = 0; n < 400; n++) {
                    insert.setInt(1, n);
                    // recurring values, more distinct ones than are held, non-ASCII, empty and NULL
                    insert.setString(2, n % 11 == 0 ? null : n % 13 == 0 ? "" : "agent-é" + (n % 50));
                    insert.executeUpdate();
                }
            }
            List<String> driver = new ArrayList<>();
            List<String> recurring = new ArrayList<>();
            RecurringText text = new RecurringText();
            try (ResultSet rs = s.executeQuery("SELECT v, v FROM t ORDER BY n")) {
                while (rs.next()) {
                    driver.add(rs.getString(1));
                    recurring.add(text.read(rs, 2));
                }
            }

            assertThat(recurring).hasSize(400).containsExactlyElementsOf(driver);
            assertThat(recurring.get(1)).isSameAs(recurring.get(51)); // decoded once
        }
    }
}
