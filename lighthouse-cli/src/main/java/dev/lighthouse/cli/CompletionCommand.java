package dev.lighthouse.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lighthouse completion bash|zsh}: a completion script generated from the command model. */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = {
            "Print a shell completion script.",
            "",
            "bash: source <(lighthouse completion bash)",
            "zsh:  source <(lighthouse completion zsh)"
        })
final class CompletionCommand implements Callable<Integer> {
    enum Shell {
        bash,
        zsh
    }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", defaultValue = "bash", description = "bash or zsh (default ${DEFAULT-VALUE}).")
    Shell shell;

    @Override
    public Integer call() {
        String script = AutoComplete.bash("lighthouse", spec.root().commandLine());
        if (shell == Shell.zsh) {
            // picocli's script is bash-completion; zsh runs it through its bashcompinit emulation.
            script = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script;
        }
        Lighthouse.out(spec).print(script);
        Lighthouse.out(spec).flush();
        return 0;
    }
}
