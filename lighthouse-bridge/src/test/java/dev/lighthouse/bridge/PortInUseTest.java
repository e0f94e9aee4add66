package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lighthouse.bridge.auth.AgentTokens;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortInUseTest {
    @TempDir
    Path dataDir;

    @Test
    void start_onPortAnotherProcessHolds_refusedInsteadOfListeningNowhere() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            BridgeConfig config = BridgeConfig.defaults().withListen("127.0.0.1", taken.getLocalPort());

            assertThatThrownBy(() -> Bridge.builder(
                                    config, new TableJudge(), new MemoryEventStore(), AgentTokens.inDataDir(dataDir))
                            .start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }
}
