package dev.lighthouse.bridge.auth;

import java.nio.file.Path;

/**
 * The secrets a bridge keeps in files of its data dir, each made at random on first start when absent, that every
 * replica of a fleet must hold the same: replicas with data dirs of their own would otherwise each make a different
 * one. A deployment puts the one copy of each (from a Kubernetes Secret, a Compose secret) at {@link #in(Path)} before
 * the bridge starts; the bridge then reads it and makes nothing. (The event chain's HMAC key is not here: it comes
 * from {@code store.key}, which deployments set to {@code env:VARIABLE}.)
 */
public enum SharedSecret {
    /** The owner's credential: the CLI and the console's owner login work against any replica. */
    OWNER_TOKEN(OwnerToken.FILE_NAME),
    /** Signs verdicts without a token and keys the tags that stand for redacted secrets, compared across replicas. */
    REVIEW_KEY("review.key"),
    /** Signs elicitation requests and answers: a question asked on one replica is answered on another. */
    COORDINATION_KEY("coordination.key"),
    /** Signs console sessions and the review links notices carry: a link made on one replica opens on another. */
    CONSOLE_KEY("console.key");

    private final String fileName;

    SharedSecret(String fileName) {
        this.fileName = fileName;
    }

    /** The file's name in the data dir. */
    public String fileName() {
        return fileName;
    }

    /** Where the file is in {@code dataDir}. */
    public Path in(Path dataDir) {
        return dataDir.resolve(fileName);
    }
}
