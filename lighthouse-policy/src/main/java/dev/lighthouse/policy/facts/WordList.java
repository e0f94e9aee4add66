package dev.lighthouse.policy.facts;

/**
 * The registry's generic word lists: words that mean the same in any CLI, each named by its key in a registry file
 * or a policy layer. A new list is a new constant here; {@link ProgramRegistry} keeps and merges them all alike.
 */
public enum WordList {
    /**
     * Generic destructive verbs: a leading subcommand word equal to one of them destroys, in any program that is not
     * marked as taking only operands.
     */
    VERBS("verbs"),
    /**
     * Generic publishing verbs: a leading subcommand word that is one of them, or starts or ends with one
     * ({@code deploy}, {@code gh-deploy}, {@code apps:promote}), ships code or an artifact to a service and raises
     * {@link Signal#PUBLISH}, in any program whose generic verbs apply.
     */
    PUBLISH_VERBS("publish_verbs"),
    /**
     * Sign-in verbs: a leading subcommand word that is one of them, or starts or ends with one ({@code login},
     * {@code auth login}, {@code registry-login}), obtains a credential and stores it for the program's later calls
     * and raises {@link Signal#SIGN_IN}, in any program whose generic verbs apply.
     */
    LOGIN_VERBS("login_verbs"),
    /**
     * Generic reading verbs ({@code list}, {@code get}, {@code describe}, {@code logs}): in a family that
     * {@link ProgramRegistry.Program#changes() changes} what it manages, a subcommand word that is one of them, or
     * starts or ends with one ({@code list-peers}), only reads; every other subcommand of such a family raises
     * {@link Signal#STATE_CHANGE}.
     */
    READ_VERBS("read_verbs"),
    /**
     * The reading verbs that only list or show the state of what such a family manages ({@code list},
     * {@code describe}, {@code status}, {@code logs}): with one among the leading words, no fact holding and no word
     * naming a secret, the invocation is read-only; never {@code get} or {@code read}, which print stored values.
     */
    LISTING_VERBS("listing_verbs"),
    /**
     * Words ({@code env}, {@code config}, {@code auth}) and options ({@code --repair}) that make such a listing more
     * than one: it prints stored values, credentials or settings, or changes what it checks.
     */
    NOT_LISTING("not_listing"),
    /**
     * Generic changing verbs ({@code restart}, {@code reconfigure}, {@code apply}) and options ({@code --yes},
     * {@code --signal}): a subcommand word that is one of the verbs, or starts or ends with one, changes what the
     * program manages and raises {@link Signal#STATE_CHANGE}, in a program the registry does not describe run by its
     * name and in a described family whose generic verbs apply, not marked {@code changes}, when none of its bounds
     * vouches for the invocation; the options count only where nobody described the program.
     */
    CHANGE_VERBS("change_verbs"),
    /**
     * Parts of subcommand words that name secrets ({@code secret}, {@code token}): a subcommand with such a word may
     * print one, so it is never read-only ({@code az keyvault secret show}).
     */
    SECRET_WORDS("secret_words"),
    /**
     * Parts of subcommand words that print or hand out what they name ({@code show}, {@code get}, {@code print}):
     * with a secret word among the leading words, the command reveals a secret ({@code aws secretsmanager
     * get-secret-value}, {@code gcloud auth print-access-token}) and raises {@link Signal#CREDENTIAL_ACCESS}.
     */
    REVEAL_WORDS("reveal_words"),
    /**
     * Options that make a CLI print what it otherwise hides ({@code --show-secrets}, {@code --with-decryption}):
     * given to any program, they raise {@link Signal#CREDENTIAL_ACCESS}.
     */
    REVEAL_OPTIONS("reveal_options"),
    /**
     * Ends of setting names that hold a credential ({@code token}, {@code password}, {@code extraheader}): a
     * configuration subcommand that reads such a setting ({@code npm config get //registry.npmjs.org/:_authToken},
     * {@code git config --get http.https://github.com/.extraheader}) prints the credential and raises
     * {@link Signal#CREDENTIAL_ACCESS}.
     */
    SECRET_SETTINGS("secret_settings"),
    /**
     * Parts of a word that hand what a program is given to a service ({@code send}, {@code upload}, {@code paste}):
     * a program nobody described whose own name or subcommand word has one ({@code croc send FILE}, {@code
     * telegram-send --file FILE}) sends its operands and option values, so a secret among them leaves the machine.
     */
    SEND_VERBS("send_verbs"),
    /**
     * Nouns that name one credential's value ({@code token}, {@code password}): a subcommand word ending with one and
     * no reading verb before it ({@code cf oauth-token}, {@code azd auth token}), or the name of a program nobody
     * described ({@code oidc-token}), prints that credential and raises {@link Signal#CREDENTIAL_ACCESS}.
     */
    CREDENTIAL_NOUNS("credential_nouns"),
    /**
     * Where a CLI takes a statement to run against the database it manages: parts of subcommand words ({@code shell},
     * {@code query}, {@code execute}) after which, and options ({@code --command}, {@code -e}) right after which, an
     * argument that begins as a destructive or account-changing SQL statement ({@code turso db shell app "DELETE FROM
     * sessions"}) is read as a database client's SQL is, in any program.
     */
    STATEMENT_WORDS("statement_words");

    private final String key;

    WordList(String key) {
        this.key = key;
    }

    /** The list's key in a registry file or a policy layer ({@code change_verbs}). */
    public String key() {
        return key;
    }
}
