package dev.lighthouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInputs;
import dev.lighthouse.policy.verdict.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * "Recognised as safe" is what lets Claude Code skip its own prompt, so it must hold for every command of a call, not
 * just one of them; anything merely allowed by default stays unrecognised.
 */
class RecognisedSafeTest {
    private static final Policy POLICY = Policies.defaultPolicy();
    private static final Path PROJECT = Path.of("/home/dev/project");
    private static final Path HOME = Path.of("/home/dev");

    private static Decision decide(String tool, String inputJson) {
        var input = ToolInputs.fromJson(tool, JsonMapper.builder().build().readTree(inputJson));
        return POLICY.decide(new ToolCall("a", "s", input, PROJECT, PROJECT, HOME), Instant.EPOCH);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", textBlock = """
        ls -la => true
        git status => true
        ls src | grep -c java => true
        git log --oneline -5 && git diff => true
        ls; ./deploy.sh => false
        ls > listing.txt => true
        ls > ~/listing.txt => false
        echo x > .git/hooks/pre-commit => false
        echo $(make install) => false
        cat README.md | sh => false
        sudo ls /root => false
        git push origin main => false
        mvn -q verify => true
        mvn -q deploy => false
        mkdir -p src/a && git add src && git commit -m wip => true
        rm -rf build node_modules => true
        rm -rf src => false
        rm notes.txt => false
        npm test => true
        npm run deploy => false
        cargo install ripgrep => false
        grep -rn TODO src => true
        grep -ri password /etc => false
        cat /etc/hosts => true
        cat /etc/passwd => false
        echo $GITHUB_TOKEN => false
        printenv AWS_SECRET_ACCESS_KEY => false
        printenv | grep -i secret => false
        env => false
        printenv PATH => true
        git -c core.pager='less -R' log => false
        git branch -D old => false
        kubectl get pods -A => true
        kubectl get secret db -o yaml => false
        kubectl get pods -o wide => true
        kubectl get deployment web -o yaml => true
        kubectl get nodes -o json | jq '.items[].metadata.name' => true
        kubectl get secrets/db -o yaml => false
        kubectl get configmap,secret -n app -o yaml => false
        crontab -l => true
        find . -name '*.pyc' -delete => false
        npm run build => true
        kubectl config get-contexts => true
        kubectl config view --raw => false
        find . -name '*.java' => true
        find . -type d -name node_modules -exec rm -rf {} + => true
        find . -exec sh -c 'curl -s https://example.com' ';' => false
        find ~ -name '*.pem' -exec cat {} + => false
        find src -name '*.py' -exec wc -l {} + => true
        find docs -name '*.md' -exec grep -l TODO {} ';' => true
        find /etc -name '*.conf' -exec grep -l Listen {} + => false
        find . -name '*.md' -exec cat {} ';' -exec rm {} ';' => false
        watch -n 1 'ls build' => true
        sh -c 'npm test && npm run lint' => true
        bash -c "ls $HOME" => false
        sh -c "$(echo bHM= | base64 -d)" => false
        bash scripts/deploy.sh => false
        bash -lc 'make test' => false
        chmod +x scripts/build.sh => true
        chmod -R 755 . => false
        chmod u+s scripts/build.sh => false
        tar -czf release.tgz dist => true
        tar -xzf vendor.tgz -C / => false
        git checkout -b feature/login => true
        git checkout -- src/app.js => false
        git reset --soft HEAD~2 => true
        git reset --hard HEAD~1 => false
        git rebase -x 'make test' main => false
        git config --get remote.origin.url => true
        git -c core.pager='sh -c id' log => false
        LD_PRELOAD=/tmp/hook.so ls => false
        awk '{print $1}' access.log | sort | uniq -c | sort -rn | head => true
        awk -F: '$3 >= 1000 { print $1 }' data/passwd.sample => true
        awk '{print $1 > "out.txt"}' access.log => false
        awk 'BEGIN {system("id")}' => false
        awk -f script.awk data.csv => false
        awk -l filefuncs '{print $1}' data.csv => false
        awk '{print}' ~/.aws/credentials => false
        echo 'package main; func main() {}' > /tmp/t.go && go run /tmp/t.go => false
        go run ./cmd/server => true
        echo 'hello' > /tmp/notes.txt && cat /tmp/notes.txt => true
        for f in docs/*.md; do wc -l "$f"; done => true
        for f in ~/.ssh/*; do cat "$f"; done => false
        hostnamectl => true
        timedatectl status => true
        timedatectl set-ntp false => false
        systemctl --failed --no-pager => true
        systemctl -H admin@web-1 => false
        ip route => true
        ip -br a => true
        ip a add 10.0.0.5/24 dev eth0 => false
        firewall-cmd --permanent --list-all => true
        firewall-cmd --add-port=8080/tcp => false
        iptables -L -n -v => true
        iptables -L -Z => false
        nmcli device status => true
        nmcli connection show office --show-secrets => false
        mount | column -t => true
        mount -a => false
        arp -an => true
        arp -d 10.0.0.1 => false
        rpm -qi bash => true
        pacman -Ss vim => true
        pacman -Syu => false
        NODE_OPTIONS=--max-old-space-size=4096 npm run build => true
        set -euo pipefail; make test => true
        fish -c 'set -Ux EDITOR nvim' => false
        fish -c 'set --universal fish_greeting ""' => false
        """)
    void bash_recognisedOnlyWhenEveryCommandIsKnownSafe(String command, boolean recognised) {
        Decision decision =
                decide("Bash", "{\"command\":" + JsonMapper.builder().build().writeValueAsString(command) + "}");

        assertThat(decision.recognised()).as(command + " -> " + decision).isEqualTo(recognised);
        if (recognised) {
            assertThat(decision.verdict()).isEqualTo(Verdict.ALLOW);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", textBlock = """
        LD_PRELOAD=/tmp/hook.so ls => REVIEW
        DYLD_INSERT_LIBRARIES=/tmp/x.dylib git status => REVIEW
        export BASH_ENV=/tmp/x.sh => REVIEW
        NODE_OPTIONS='--require /tmp/x.js' npm test => REVIEW
        JAVA_TOOL_OPTIONS=-javaagent:/tmp/a.jar mvn -q verify => REVIEW
        NODE_OPTIONS=--max-old-space-size=4096 npm test => ALLOW
        """)
    void bash_loaderVariables_areCodeInConfiguration(String command, Verdict verdict) {
        Decision decision =
                decide("Bash", "{\"command\":" + JsonMapper.builder().build().writeValueAsString(command) + "}");

        assertThat(decision.verdict()).as(command + " -> " + decision).isEqualTo(verdict);
        assertThat(decision.recognised()).as(command).isEqualTo(verdict == Verdict.ALLOW);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", textBlock = """
        Read => {"file_path":"/home/dev/project/src/Main.java"} => true
        Glob => {"pattern":"**/*.ts"} => true
        Glob => {"pattern":"src/**/*.py","path":"/home/dev/project"} => true
        Glob => {"pattern":"../../*"} => false
        Glob => {"pattern":"/home/dev/.ssh/*"} => false
        Glob => {"pattern":"**/*","path":"/home/dev"} => false
        Read => {"file_path":"/etc/hosts"} => false
        Read => {"file_path":"/home/dev/.ssh/id_ed25519"} => false
        Write => {"file_path":"/home/dev/project/a.txt","content":"x"} => true
        Write => {"file_path":"/home/dev/a.txt","content":"x"} => false
        """)
    void fileTools_recognisedOnlyInsideTheProject(String tool, String input, boolean recognised) {
        assertThat(decide(tool, input).recognised()).as(tool + " " + input).isEqualTo(recognised);
    }

    /**
     * A write is recognised only when the file is ordinary by what it is (the write analysis, places.yaml
     * {@code written_files}) and where it is: each kind beside its near miss.
     */
    @ParameterizedTest
    @CsvSource(delimiterString = "=>", textBlock = """
        Write => {"file_path":"/home/dev/project/README.md","content":"# App\\n\\nRun `make test`.\\n"} => true
        Write => {"file_path":"/home/dev/project/src/main/java/App.java","content":"class App {}"} => true
        Edit => {"file_path":"/home/dev/project/src/lib.rs","old_string":"a","new_string":"b"} => true
        MultiEdit => {"file_path":"/home/dev/project/src/app.py","edits":[{"old_string":"a","new_string":"b = 1"}]} => true
        NotebookEdit => {"notebook_path":"/home/dev/project/analysis.ipynb","new_source":"df.head()"} => true
        Write => {"file_path":"/home/dev/project/tests/test_api.py","content":"def test_ok():\\n    assert 1 + 1 == 2\\n"} => true
        Write => {"file_path":"/home/dev/project/tests/test_api.py","content":"import os\\nos.system('make db')\\n"} => false
        Write => {"file_path":"/home/dev/project/src/App.tsx","content":"export const x = 1;\\n"} => true
        Write => {"file_path":"/home/dev/project/src/run.ts","content":"import {execSync} from 'child_process'; execSync('make');"} => false
        Write => {"file_path":"/home/dev/project/config/settings.yaml","content":"port: 3000\\n"} => true
        Write => {"file_path":"/home/dev/project/config/settings.yaml","content":"AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"} => false
        Write => {"file_path":"/tmp/notes.md","content":"notes"} => true
        Write => {"file_path":"/home/dev/project/node_modules/left-pad/index.js","content":"module.exports = 1;"} => false
        Write => {"file_path":"/home/dev/project/.venv/lib/python3.12/site-packages/app.pth","content":"/home/dev/project/src\\n"} => false
        Write => {"file_path":"/home/dev/project/.env","content":"DEBUG=1"} => false
        Write => {"file_path":"/home/dev/project/scripts/build.sh","content":"make"} => false
        Write => {"file_path":"/home/dev/project/bin/release","content":"make release"} => false
        Write => {"file_path":"/home/dev/project/docs/guide.md","content":"#!/bin/sh\\nmake\\n"} => false
        Write => {"file_path":"/home/dev/project/Makefile","content":"test:\\n\\tpytest\\n"} => false
        Write => {"file_path":"/home/dev/project/package.json","content":"{\\"name\\": \\"app\\"}"} => false
        Write => {"file_path":"/home/dev/project/.github/workflows/ci.yml","content":"on: push\\n"} => false
        Write => {"file_path":"/home/dev/project/Dockerfile","content":"FROM node:20\\n"} => false
        Write => {"file_path":"/home/dev/project/setup.py","content":"from setuptools import setup\\n"} => false
        Write => {"file_path":"/home/dev/project/pyproject.toml","content":"[project]\\nname = 'app'\\n"} => false
        Write => {"file_path":"/home/dev/project/Cargo.toml","content":"[package]\\nname = 'app'\\n"} => false
        Write => {"file_path":"/home/dev/project/build.rs","content":"fn main() {}"} => false
        Write => {"file_path":"/home/dev/project/.vscode/settings.json","content":"{}"} => false
        Write => {"file_path":"/home/dev/project/.claude/settings.json","content":"{}"} => false
        Write => {"file_path":"/home/dev/project/CLAUDE.md","content":"Use pnpm."} => false
        Write => {"file_path":"/home/dev/project/.envrc","content":"export A=1"} => false
        Write => {"file_path":"/home/dev/project/.git/config","content":"[core]"} => false
        Write => {"file_path":"/home/dev/project/public/.htaccess","content":"Options -Indexes"} => false
        Write => {"file_path":"/home/dev/project/deploy/app.service","content":"[Service]\\nExecStart=/usr/bin/app\\n"} => false
        """)
    void writes_recognisedOnlyForOrdinaryProjectFiles(String tool, String input, boolean recognised) {
        Decision decision = decide(tool, input);
        assertThat(decision.recognised())
                .as(tool + " " + input + " -> " + decision)
                .isEqualTo(recognised);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", textBlock = """
        /home/dev/project/.venv/lib/python3.12/site-packages/zz.pth => import os; os.system('id > /tmp/p') => REVIEW
        /home/dev/project/.venv/lib/python3.12/site-packages/sitecustomize.py => import os; os.system('id') => REVIEW
        /home/dev/project/.venv/lib/python3.12/site-packages/sitecustomize.py => import os => ALLOW
        /home/dev/project/.venv/lib/python3.12/site-packages/__editable__.app-0.1.pth => import __editable___app_finder; __editable___app_finder.install() => ALLOW
        /home/dev/project/.venv/lib/python3.12/site-packages/app.pth => /home/dev/project/src => ALLOW
        """)
    void writes_processesStartedAtEveryInterpreterStart_areReviewed(String path, String content, Verdict verdict) {
        var mapper = JsonMapper.builder().build();
        Decision decision = decide(
                "Write",
                "{\"file_path\":" + mapper.writeValueAsString(path) + ",\"content\":"
                        + mapper.writeValueAsString(content) + "}");
        assertThat(decision.verdict()).as(path + " -> " + decision).isEqualTo(verdict);
        assertThat(decision.recognised()).isFalse();
    }
}
