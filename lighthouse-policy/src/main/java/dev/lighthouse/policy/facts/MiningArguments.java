package dev.lighthouse.policy.facts;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A miner known by what it is told rather than by its name: a renamed XMRig ({@code /tmp/.x/kworker -o
 * 203.0.113.9:3333 -u WALLET --donate-level 1}) mines like {@code xmrig}. A command mines when its arguments give a
 * stratum address anywhere, a mining pool's host, or a bare {@code HOST:PORT} pool option together with an option only
 * miners take (XMRig's command line options, the usage of cpuminer-opt, SRBMiner, lolMiner, GMiner, PhoenixMiner).
 *
 * <p>What it does not do: an ordinary program's pool or URL option ({@code --pool-size 16}, {@code --url
 * postgres://localhost/app}) is not a pool address, and an output option that names a file ({@code gcc -o app}) is
 * not one either; a miner given only a configuration file ({@code ./x -c config.json}) is not recognised here.
 */
final class MiningArguments {
    private MiningArguments() {}

    /** Stratum, the mining protocol, in every transport spelling ({@code stratum+tcp://}, {@code stratum2+ssl://}). */
    private static final Pattern STRATUM = Pattern.compile("(?i)stratum\\d?(\\+[a-z]+)?://");

    /** Options a miner reads its pool from (XMRig -o/--url, SRBMiner --pool, PhoenixMiner -pool, GMiner --server). */
    private static final Set<String> POOL_OPTIONS = Set.of("-o", "--url", "--pool", "-pool", "--server", "-P");

    /** Schemes a pool address is written with besides stratum's (PhoenixMiner's ssl://, XMRig's tcp://). */
    private static final Set<String> POOL_SCHEMES = Set.of("ssl", "tcp", "tls");

    /** Options no program but a miner takes: donation, RandomX tuning, rigs, wallets, coins, CPU caps. */
    private static final Set<String> MINING_OPTIONS = Set.of(
            "--donate-level",
            "--randomx-1gb-pages",
            "--randomx-mode",
            "--randomx-no-numa",
            "--cpu-max-threads-hint",
            "--cpu-priority",
            "--max-cpu-usage",
            "--rig-id",
            "--nicehash",
            "--coin",
            "--wallet",
            "-wal",
            "--keepalive");

    /** Options naming the hashing algorithm, and the algorithms only mining uses. */
    private static final Set<String> ALGORITHM_OPTIONS = Set.of("-a", "--algo", "--algorithm");

    private static final Pattern MINING_ALGORITHM = Pattern.compile(
            "(?i)(rx/.*|randomx.*|cn/.*|cryptonight.*|kawpow|ethash|etchash|kheavyhash|autolykos2?|yespower.*|x16r.*"
                    + "|minotaurx|ghostrider|equihash.*|octopus|argon2/.*)");

    /**
     * Hosts of public mining pools by their registered domain (the pools' own connection pages): any address on
     * them is a pool, whatever option carries it.
     */
    private static final Set<String> POOL_DOMAINS = Set.of(
            "2miners.com",
            "nicehash.com",
            "ethermine.org",
            "flypool.org",
            "f2pool.com",
            "hashvault.pro",
            "kryptex.network",
            "moneroocean.stream",
            "supportxmr.com",
            "minexmr.com",
            "nanopool.org",
            "herominers.com",
            "unmineable.com",
            "c3pool.com",
            "zpool.ca",
            "hiveon.net");

    /** Whether a command with these arguments mines. */
    static boolean mines(List<String> args) {
        boolean barePool = false;
        boolean miningOption = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (STRATUM.matcher(arg).find()) {
                return true;
            }
            String option = arg.startsWith("-") && arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value = option.equals(arg)
                    ? (i + 1 < args.size() ? args.get(i + 1) : "")
                    : arg.substring(arg.indexOf('=') + 1);
            if (poolHost(arg).filter(MiningArguments::onPoolDomain).isPresent()) {
                return true;
            }
            if (POOL_OPTIONS.contains(option) && poolHost(value).isPresent() && value.matches(".*:\\d+$")) {
                barePool = true;
            }
            if (MINING_OPTIONS.contains(option)
                    || ALGORITHM_OPTIONS.contains(option) && MINING_ALGORITHM.matches(value)) {
                miningOption = true;
            }
        }
        return barePool && miningOption;
    }

    /** The host of {@code HOST:PORT} or of a pool scheme's URL ({@code ssl://HOST:PORT}); empty for other URLs. */
    private static Optional<String> poolHost(String word) {
        String w = word.contains("=") && word.startsWith("-") ? word.substring(word.indexOf('=') + 1) : word;
        if (Urls.isUrl(w)) {
            return POOL_SCHEMES.contains(Urls.scheme(w)) ? Urls.host(w) : Optional.empty();
        }
        return w.contains(":") ? Urls.bareHost(w) : Optional.empty();
    }

    private static boolean onPoolDomain(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return POOL_DOMAINS.stream().anyMatch(d -> Hosts.within(h, d));
    }
}
