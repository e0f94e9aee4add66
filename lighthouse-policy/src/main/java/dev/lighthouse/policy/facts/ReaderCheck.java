package dev.lighthouse.policy.facts;

import dev.lighthouse.policy.call.Guard;
import dev.lighthouse.shell.Command;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads one command as the policy would, for the registry's examples: which operations it does ({@code read},
 * {@code delete}, ...) and which signals it raises, with the program's {@link Reader} and facts from
 * {@code registry}. The registry checks its {@code reader:} entries with it when it loads.
 */
public final class ReaderCheck {
    private ReaderCheck() {}

    /**
     * What a command does.
     *
     * @param ops the kinds of its operations
     * @param signals its signals
     */
    public record Read(Set<OpKind> ops, Set<Signal> signals) {
        public Read {
            ops = Set.copyOf(ops);
            signals = Set.copyOf(signals);
        }
    }

    /** Reads {@code c} run in {@code cwd} (the project) by a user whose home is {@code home}. */
    public static Read read(Command c, ProgramRegistry registry, String cwd, String home) {
        PathClassifier classifier = new PathClassifier(cwd, home, List.of());
        CommandReader.Reading r = new CommandReader(classifier, cwd, registry, new Guard(List.of(), List.of())).read(c);
        EnumSet<OpKind> ops = EnumSet.noneOf(OpKind.class);
        r.ops.forEach(op -> ops.add(op.kind()));
        return new Read(ops, r.signals);
    }
}
