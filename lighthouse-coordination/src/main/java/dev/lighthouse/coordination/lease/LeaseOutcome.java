package dev.lighthouse.coordination.lease;

/** What a lease operation answers: the lease as it now stands, or a {@link LeaseRefusal} saying why nothing changed. */
public sealed interface LeaseOutcome permits Lease, LeaseRefusal {}
