package dev.lighthouse.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.bridge.BridgeConfig;
import dev.lighthouse.bridge.auth.SharedSecret;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The plain manifests under {@code deploy/kubernetes/} (rendered from {@code deploy/helm/lighthouse}) parse strictly
 * into the Kubernetes model: each document becomes its typed class (not a generic resource), and no field anywhere is
 * left over as an unknown property. Their probes, ports and secrets agree with the bridge and with the chart.
 */
class KubernetesKitTest {
    static final Path MANIFESTS = DeployMetricsTest.DEPLOY.resolve("kubernetes");
    static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** Every document of every manifest, typed by its apiVersion and kind. */
    static List<HasMetadata> manifests() throws IOException {
        List<HasMetadata> all = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(MANIFESTS)) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            for (String doc : Files.readString(file).split("(?m)^---\\s*$")) {
                JsonNode tree = YAML.readTree(doc);
                if (tree == null || tree.isMissingNode() || tree.isNull() || tree.isEmpty()) {
                    continue; // only comments
                }
                KubernetesResource parsed = YAML.readValue(doc, KubernetesResource.class);
                assertThat(parsed)
                        .as("%s: %s/%s is a known type", file, tree.get("apiVersion"), tree.get("kind"))
                        .isInstanceOf(HasMetadata.class)
                        .isNotInstanceOf(GenericKubernetesResource.class);
                assertNoUnknownFields(parsed, file + ": " + tree.get("kind").asString(), new IdentityHashMap<>());
                all.add((HasMetadata) parsed);
            }
        }
        return all;
    }

    /** Fields the model does not know land in {@code additionalProperties}; strict parsing means there are none. */
    static void assertNoUnknownFields(Object node, String where, Map<Object, Boolean> seen) {
        if (node == null || seen.put(node, true) != null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            items.forEach(i -> assertNoUnknownFields(i, where, seen));
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(v -> assertNoUnknownFields(v, where, seen));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                assertThat((Map<?, ?>) value)
                        .as("%s: fields unknown to %s", where, node.getClass().getSimpleName())
                        .isNullOrEmpty();
            } else {
                assertNoUnknownFields(value, where, seen);
            }
        }
    }

    static <T> T only(List<HasMetadata> all, Class<T> type) {
        List<T> found = all.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.getFirst();
    }

    static Container bridgeContainer(List<HasMetadata> all) {
        return only(all, Deployment.class).getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("lighthouse"))
                .findFirst()
                .orElseThrow();
    }

    /** The paths of the bridge container's HTTP probes: liveness, readiness, startup. */
    static Set<String> probePaths() throws IOException {
        Container c = bridgeContainer(manifests());
        return new java.util.TreeSet<>(List.of(
                c.getLivenessProbe().getHttpGet().getPath(),
                c.getReadinessProbe().getHttpGet().getPath(),
                c.getStartupProbe().getHttpGet().getPath()));
    }

    @Test
    void everyManifest_parsesStrictlyIntoTheKubernetesModel() throws IOException {
        List<HasMetadata> all = manifests();
        assertThat(all)
                .extracting(HasMetadata::getKind)
                .containsExactlyInAnyOrder(
                        "Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "ServiceMonitor");
    }

    @Test
    void unknownFields_areCaught() {
        String typo = """
                apiVersion: v1
                kind: Service
                metadata: {name: x}
                spec:
                  ports: [{port: 80, targetPrt: http}]
                """;
        KubernetesResource parsed = YAML.readValue(typo, KubernetesResource.class);
        assertThat(parsed).isInstanceOf(Service.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> assertNoUnknownFields(parsed, "typo", new IdentityHashMap<>()))
                .hasMessageContaining("ServicePort")
                .hasMessageContaining("targetPrt");
    }

    @Test
    void probesAndPorts_matchTheBridge() throws IOException {
        List<HasMetadata> all = manifests();
        Container bridge = bridgeContainer(all);

        assertThat(bridge.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(BridgeConfig.DEFAULT_PORT);
        });
        Map<String, EnvVar> env = new java.util.HashMap<>();
        bridge.getEnv().forEach(e -> env.put(e.getName(), e));
        assertThat(env.get("LIGHTHOUSE_SERVER_LISTEN").getValue()).isEqualTo("0.0.0.0:" + BridgeConfig.DEFAULT_PORT);
        assertThat(env.get("LIGHTHOUSE_SERVER_AUTH").getValue()).isEqualTo("required");

        assertThat(bridge.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        assertThat(bridge.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(bridge.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        for (var probe : List.of(bridge.getLivenessProbe(), bridge.getReadinessProbe(), bridge.getStartupProbe())) {
            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
        }

        Service service = only(all, Service.class);
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(BridgeConfig.DEFAULT_PORT);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
        });
        Map<String, String> podLabels = only(all, Deployment.class)
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getLabels();
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());

        ServiceMonitor monitor = only(all, ServiceMonitor.class);
        assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(e -> {
            assertThat(e.getPort()).isEqualTo("http");
            assertThat(e.getPath()).isEqualTo("/metrics");
            assertThat(e.getAuthorization().getCredentials().getKey()).isEqualTo("metrics-token");
        });
        assertThat(podLabels.get(monitor.getSpec().getJobLabel()))
                .as("the job label the alert rules select on")
                .isEqualTo("lighthouse");
        assertThat(podLabels)
                .containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void secretsComeFromASecret_resourcesAreSet_andScalingKeepsAReplica() throws IOException {
        List<HasMetadata> all = manifests();
        Deployment deployment = only(all, Deployment.class);
        Container bridge = bridgeContainer(all);
        Map<String, EnvVar> env = new java.util.HashMap<>();
        bridge.getEnv().forEach(e -> env.put(e.getName(), e));
        assertThat(env.get("LIGHTHOUSE_STORE_KEY").getValue()).isEqualTo("env:LIGHTHOUSE_HMAC_KEY");
        assertThat(env.get("LIGHTHOUSE_HMAC_KEY")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getKey())
                .isEqualTo("hmac-key");
        assertThat(env.get("LIGHTHOUSE_STORE_URL")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getKey())
                .isEqualTo("store-url");
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getSecret() != null)
                .singleElement()
                .satisfies(v -> assertThat(v.getSecret().getItems())
                        .extracting(KeyToPath::getKey)
                        .contains("agents.json"));

        assertThat(bridge.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(bridge.getResources().getLimits()).containsKey("memory");
        assertThat(deployment
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getSecurityContext()
                        .getRunAsNonRoot())
                .isTrue();
        assertThat(bridge.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();

        HorizontalPodAutoscaler hpa = only(all, HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getScaleTargetRef().getName())
                .isEqualTo(deployment.getMetadata().getName());
        assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
        PodDisruptionBudget pdb = only(all, PodDisruptionBudget.class);
        assertThat(pdb.getSpec().getMinAvailable().getIntVal())
                .isPositive()
                .isLessThan(hpa.getSpec().getMinReplicas());
    }

    /**
     * A bridge makes its owner token and its review, coordination and console keys in its data dir when they are
     * absent; pods with data dirs of their own would each make different ones, and a console link, a signed question
     * or the owner's token from one replica would fail on another. So each must be mounted, from the one Secret the
     * HMAC key comes from, at the path in the data dir where the bridge reads it.
     */
    @Test
    void everySecretTheBridgeKeepsInItsDataDir_isMountedFromTheSecret_whereTheBridgeReadsIt() throws IOException {
        List<HasMetadata> all = manifests();
        var pod = only(all, Deployment.class).getSpec().getTemplate().getSpec();
        Container bridge = bridgeContainer(all);
        Map<String, EnvVar> env = new java.util.HashMap<>();
        bridge.getEnv().forEach(e -> env.put(e.getName(), e));
        Path dataDir = Path.of(env.get("LIGHTHOUSE_DATA_DIR").getValue());
        String secretName =
                env.get("LIGHTHOUSE_HMAC_KEY").getValueFrom().getSecretKeyRef().getName();

        for (SharedSecret secret : SharedSecret.values()) {
            String path = secret.in(dataDir).toString();
            VolumeMount mount = bridge.getVolumeMounts().stream()
                    .filter(m -> m.getMountPath().equals(path))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("nothing is mounted at " + path + ", so each pod makes its"
                            + " own " + secret.fileName() + "; mount it from the Secret " + secretName));
            Volume volume = pod.getVolumes().stream()
                    .filter(v -> v.getName().equals(mount.getName()))
                    .findFirst()
                    .orElseThrow();
            assertThat(volume.getSecret())
                    .as("volume %s of %s", volume.getName(), path)
                    .isNotNull();
            assertThat(volume.getSecret().getSecretName()).as(path).isEqualTo(secretName);
            assertThat(mount.getReadOnly()).as(path).isTrue();
            KeyToPath item = volume.getSecret().getItems().stream()
                    .filter(i -> i.getPath().equals(mount.getSubPath()))
                    .findFirst()
                    .orElseThrow(() ->
                            new AssertionError(path + ": the Secret volume has no item at " + mount.getSubPath()));
            assertThat(item.getKey()).as(path).isEqualTo(secret.fileName());
            // the bridge refuses a key file others may read: the mode must not give them any
            assertThat(volume.getSecret().getDefaultMode() & 0007).as(path).isZero();
        }
        String secretTemplate =
                Files.readString(DeployMetricsTest.DEPLOY.resolve("helm/lighthouse/templates/secret.yaml"));
        for (SharedSecret secret : SharedSecret.values()) {
            assertThat(secretTemplate)
                    .as("the chart's own Secret (secret.create) holds %s", secret.fileName())
                    .contains("\n  " + secret.fileName() + ": {{ required ");
        }
    }

    @Test
    void theChartsDefaults_carryNoSecret_andTheBridgesPort() throws IOException {
        Path chart = DeployMetricsTest.DEPLOY.resolve("helm/lighthouse");
        JsonNode values = YAML.readTree(Files.readString(chart.resolve("values.yaml")));
        assertThat(values.get("port").asInt()).isEqualTo(BridgeConfig.DEFAULT_PORT);
        assertThat(values.at("/secret/create").asBoolean()).isFalse();
        for (String key : List.of(
                "hmacKey",
                "agentsJson",
                "metricsToken",
                "storeUrl",
                "ownerToken",
                "reviewKey",
                "coordinationKey",
                "consoleKey")) {
            assertThat(values.at("/secret/" + key).asString()).as(key).isEmpty();
        }
        assertThat(values.at("/postgresql/url").asString()).isEmpty();
        JsonNode meta = YAML.readTree(Files.readString(chart.resolve("Chart.yaml")));
        assertThat(meta.get("apiVersion").asString()).isEqualTo("v2");
        assertThat(meta.get("name").asString()).isEqualTo("lighthouse");
    }
}
