package dev.lighthouse.bridge.http;

import io.helidon.http.encoding.ContentDecoder;
import io.helidon.http.encoding.ContentEncoder;
import io.helidon.http.encoding.ContentEncoding;
import io.helidon.http.encoding.ContentEncodingContext;
import java.util.Set;

/**
 * Lets compressed request bodies reach {@link JsonBodies} as sent. Helidon answers an empty 400 for any {@code
 * Content-Encoding} it has no decoder for, before a handler runs, so a hook could not say why in its agent's dialect;
 * this "encoding" passes the bytes through, and {@link JsonBodies} decodes gzip and deflate within the size limit and
 * refuses the others with a reason. Responses are never compressed.
 */
public final class EncodedBodies implements ContentEncoding {
    /** The encodings clients send; an encoding not listed here still gets Helidon's own 400. */
    private static final Set<String> IDS = Set.of("gzip", "x-gzip", "deflate", "br", "zstd", "compress", "x-compress");

    /** The server's content-encoding context: these pass-throughs only, nothing discovered. */
    public static ContentEncodingContext context() {
        return ContentEncodingContext.builder()
                .contentEncodingsDiscoverServices(false)
                .addContentEncoding(new EncodedBodies())
                .build();
    }

    @Override
    public Set<String> ids() {
        return IDS;
    }

    @Override
    public boolean supportsEncoding() {
        return false;
    }

    @Override
    public boolean supportsDecoding() {
        return true;
    }

    @Override
    public ContentDecoder decoder() {
        return ContentDecoder.NO_OP;
    }

    @Override
    public ContentEncoder encoder() {
        return ContentEncoder.NO_OP;
    }

    @Override
    public String name() {
        return "lighthouse-pass-through";
    }

    @Override
    public String type() {
        return "pass-through";
    }
}
