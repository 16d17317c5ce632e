package io.askflow.dev.deploy;

import io.askflow.core.topic.Topics;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.askflow.dev.deploy.DeployFiles.list;
import static io.askflow.dev.deploy.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invariants of infra/deploy/k8s that a schema cannot see (the schemas are checked by
 * infra/deploy/k8s/validate.sh): the workers never scale above the tasks' partitions, probes reach each role's
 * actuator health groups on its management port, and every reference resolves.
 */
class KubernetesManifestsTest {

    private static final List<Map<String, Object>> OBJECTS = DeployFiles.documents(DeployFiles.DEPLOY.resolve("k8s"));

    @Test
    void shouldNeverScaleTheWorkersAboveThePartitionsOfTheTasksTopic() {
        Map<String, Object> scaledObject = only("ScaledObject", "askflow-workers");
        int partitions = Integer.parseInt(configMaps().get("askflow-shared").get("ASKFLOW_TOPICS_PARTITIONS"));
        Map<String, Object> spec = map(scaledObject.get("spec"));

        assertThat((Integer) spec.get("maxReplicaCount")).isPositive().isLessThanOrEqualTo(partitions);
        assertThat((Integer) spec.get("minReplicaCount")).isBetween(0, (Integer) spec.get("maxReplicaCount"));
        assertThat(map(spec.get("scaleTargetRef")).get("name")).isEqualTo("askflow-workers");
    }

    @Test
    void shouldScaleTheWorkersOnTheLagOfTheirOwnGroupOnTheTasksTopic() {
        Map<String, Object> trigger = map(list(map(only("ScaledObject", "askflow-workers").get("spec"))
                .get("triggers")).get(0));
        Map<String, Object> metadata = map(trigger.get("metadata"));
        String groupId = DeployFiles.setting("workers", environment(container("askflow-workers")),
                "askflow.workers.group-id").orElseThrow();

        assertThat(trigger.get("type")).isEqualTo("kafka");
        assertThat(metadata.get("topic")).isEqualTo(Topics.RUNS.name());
        assertThat(metadata.get("consumerGroup")).isEqualTo(groupId);
        assertThat(metadata.get("bootstrapServers"))
                .isEqualTo(configMaps().get("askflow-shared").get("SPRING_KAFKA_BOOTSTRAP_SERVERS"));
        assertThat(metadata.get("allowIdleConsumers")).isEqualTo("false");
    }

    @Test
    void shouldProbeEveryRoleOnItsActuatorHealthGroupsOnItsManagementPort() {
        for (String role : List.of("api", "pipeline", "workers")) {
            Map<String, Object> container = container("askflow-" + role);
            Map<String, String> environment = environment(container);
            int managementPort = DeployFiles.managementPort(role, environment);
            String health = DeployFiles.actuatorBase(role, environment) + "/health/";

            assertThat(DeployFiles.setting(role, environment, "management.endpoint.health.probes.enabled"))
                    .as("%s: the liveness and readiness groups are on", role).contains("true");
            assertThat(probe(container, "livenessProbe").get("path")).isEqualTo(health + "liveness");
            assertThat(probe(container, "startupProbe").get("path")).isEqualTo(health + "liveness");
            assertThat(probe(container, "readinessProbe").get("path")).isEqualTo(health + "readiness");
            for (String kind : List.of("livenessProbe", "startupProbe", "readinessProbe")) {
                assertThat(containerPort(container, probe(container, kind).get("port")))
                        .as("%s %s port", role, kind).isEqualTo(managementPort);
            }
        }
    }

    @Test
    void shouldKeepTheApisActuatorOffItsService() {
        Map<String, Object> container = container("askflow-api");
        int managementPort = DeployFiles.managementPort("api", environment(container));
        for (Object port : list(map(only("Service", "askflow-api").get("spec")).get("ports"))) {
            int target = containerPort(container, map(port).get("targetPort"));
            assertThat(target).isNotEqualTo(managementPort)
                    .isEqualTo(Integer.parseInt(DeployFiles.setting("api", environment(container), "server.port")
                            .orElseThrow()));
        }
    }

    @Test
    void shouldReferenceOnlyConfigMapsAndSecretsThatExist() {
        Set<String> configMaps = names("ConfigMap");
        Set<String> secrets = names("Secret");
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            for (Object container : list(podSpec(deployment).get("containers"))) {
                for (Object source : list(map(container).get("envFrom"))) {
                    Map<String, Object> from = map(source);
                    if (from.containsKey("configMapRef")) {
                        assertThat(configMaps).contains((String) map(from.get("configMapRef")).get("name"));
                    }
                    if (from.containsKey("secretRef")) {
                        assertThat(secrets).contains((String) map(from.get("secretRef")).get("name"));
                    }
                }
            }
        }
    }

    @Test
    void shouldPointEveryAutoscalerServiceAndBudgetAtADeploymentThatExists() {
        Set<String> deployments = names("Deployment");
        for (Map<String, Object> autoscaler : ofKind("HorizontalPodAutoscaler")) {
            assertThat(deployments).contains((String) map(map(autoscaler.get("spec")).get("scaleTargetRef")).get("name"));
        }
        Map<String, Map<String, Object>> podLabels = ofKind("Deployment").stream().collect(Collectors.toMap(
                deployment -> (String) map(deployment.get("metadata")).get("name"),
                deployment -> map(map(map(map(deployment.get("spec")).get("template")).get("metadata")).get("labels"))));
        for (Map<String, Object> budget : ofKind("PodDisruptionBudget")) {
            Map<String, Object> selector = map(map(map(budget.get("spec")).get("selector")).get("matchLabels"));
            assertThat(podLabels.values()).as("pods selected by the budget %s", name(budget))
                    .anyMatch(labels -> labels.entrySet().containsAll(selector.entrySet()));
        }
        assertThat(names("PodDisruptionBudget")).containsAll(deployments);
        Map<String, Object> serviceSelector = map(map(only("Service", "askflow-api").get("spec")).get("selector"));
        assertThat(podLabels.get("askflow-api").entrySet()).containsAll(serviceSelector.entrySet());
    }

    private static Map<String, Object> probe(Map<String, Object> container, String kind) {
        return map(map(container.get(kind)).get("httpGet"));
    }

    private static int containerPort(Map<String, Object> container, Object port) {
        if (port instanceof Integer number) {
            return number;
        }
        return list(container.get("ports")).stream().map(DeployFiles::map)
                .filter(candidate -> port.equals(candidate.get("name")))
                .map(candidate -> (Integer) candidate.get("containerPort"))
                .findFirst().orElseThrow(() -> new AssertionError("no container port named " + port));
    }

    /** The container's environment: its ConfigMaps in order, then its own env values. */
    private static Map<String, String> environment(Map<String, Object> container) {
        Map<String, String> environment = new HashMap<>();
        for (Object source : list(container.get("envFrom"))) {
            Object reference = map(source).get("configMapRef");
            if (reference != null) {
                environment.putAll(configMaps().get((String) map(reference).get("name")));
            }
        }
        for (Object variable : list(container.get("env"))) {
            Object value = map(variable).get("value");
            if (value != null) {
                environment.put((String) map(variable).get("name"), value.toString());
            }
        }
        return environment;
    }

    private static Map<String, Map<String, String>> configMaps() {
        return ofKind("ConfigMap").stream().collect(Collectors.toMap(KubernetesManifestsTest::name,
                configMap -> map(configMap.get("data")).entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, entry -> String.valueOf(entry.getValue())))));
    }

    private static Map<String, Object> container(String deployment) {
        return map(list(podSpec(only("Deployment", deployment)).get("containers")).get(0));
    }

    private static Map<String, Object> podSpec(Map<String, Object> deployment) {
        return map(map(map(deployment.get("spec")).get("template")).get("spec"));
    }

    private static Map<String, Object> only(String kind, String name) {
        List<Map<String, Object>> found = ofKind(kind).stream().filter(object -> name.equals(name(object))).toList();
        assertThat(found).as("%s %s", kind, name).hasSize(1);
        return found.get(0);
    }

    private static List<Map<String, Object>> ofKind(String kind) {
        return OBJECTS.stream().filter(object -> kind.equals(object.get("kind"))).toList();
    }

    private static Set<String> names(String kind) {
        return ofKind(kind).stream().map(KubernetesManifestsTest::name).collect(Collectors.toSet());
    }

    private static String name(Map<String, Object> object) {
        return (String) map(object.get("metadata")).get("name");
    }
}
