package dev.lighthouse.bridge.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps the distinct values of each tag of each meter: once a tag has taken {@code max} values, any further value is
 * reported as {@value #OTHER}. A safety net under the bridge's own labels, which come from closed or configured
 * sets: whatever an agent manages to put into a tag, {@code /metrics} stays bounded.
 *
 * <p>Thread-safe. The first {@code max} values win; memory is bounded by meters × tags × {@code max}.
 */
final class TagValueCap implements MeterFilter {
    static final String OTHER = "other";

    private final int max;
    private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();

    TagValueCap(int max) {
        this.max = max;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        List<Tag> tags = new ArrayList<>();
        boolean changed = false;
        for (Tag tag : id.getTagsAsIterable()) {
            Set<String> values =
                    seen.computeIfAbsent(id.getName() + '\u0000' + tag.getKey(), k -> ConcurrentHashMap.newKeySet());
            String value = tag.getValue();
            if (!values.contains(value)) {
                if (values.size() < max) {
                    values.add(value); // racing threads may add a few past max: a bound, not an exact count
                } else {
                    value = OTHER;
                }
            }
            changed |= !value.equals(tag.getValue());
            tags.add(Tag.of(tag.getKey(), value));
        }
        return changed ? id.replaceTags(tags) : id;
    }
}
