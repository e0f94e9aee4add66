package dev.lighthouse.policy.facts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of secret is found wherever it stands in a line, whatever literal its match begins with. */
class SecretScannerTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            private key     | echo '-----BEGIN RSA PRIVATE KEY-----' > k
            private key     | -----BEGIN PGP PRIVATE KEY BLOCK-----
            AWS access key  | aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE
            AWS access key  | export KEY=ASIAIOSFODNN7EXAMPLE
            AWS secret key  | aws_secret_access_key = wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY1234
            AWS secret key  | AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY1234 run
            AWS secret key  | Aws_Secret_Access_Key: "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY1234"
            GitHub token    | git push https://x:ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8@github.com/o/r
            GitHub token    | GH=gho_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8
            GitHub token    | GH=ghu_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8
            GitHub token    | GH=ghs_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8
            GitHub token    | GH=ghr_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8
            GitHub token    | gh auth login --with-token github_pat_11ABCDEFG0123456789abcdef
            GitLab token    | curl -H 'PRIVATE-TOKEN: glpat-abcdefghij0123456789'
            Slack token     | SLACK=xoxb-1234567890-abcdefghij
            Google API key  | ?key=AIzaSyA1234567890abcdefghijklmnopqrstuv
            Stripe live key | stripe --api-key sk_live_abcdefghijklmnopqrstuvwx
            Stripe live key | R=rk_live_abcdefghijklmnopqrstuvwx
            Anthropic key   | ANTHROPIC=sk-ant-api03-abcdefghijklmnop
            OpenAI key      | OPENAI=sk-proj-abcdefghijklmnopqrstuvwxyz0123456789
            npm token       | //registry/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789
            """)
    void eachKind_isFound(String kind, String text) {
        assertThat(SecretScanner.all(text)).extracting(Secrets.Found::kind).contains(kind);
        assertThat(SecretScanner.first(text)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "git log --oneline -- src/",
                "echo BEGIN PUBLIC KEY",
                "aws s3 ls s3://bucket/AKIA",
                "aws_secret_access_key=short",
                "gh_not_a_token",
                "sk-short",
                "",
            })
    void ordinaryText_hasNoSecret(String text) {
        assertThat(SecretScanner.all(text)).isEmpty();
        assertThat(SecretScanner.first(text)).isEmpty();
    }
}
