package io.sensorflow.operator.reconciler;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.zjsonpatch.JsonDiff;
import io.sensorflow.api.Direction;
import io.sensorflow.api.Metric;
import io.sensorflow.api.Rule;
import io.sensorflow.api.ThresholdsDocument;
import io.sensorflow.operator.Pipelines;
import io.sensorflow.operator.crd.CheckpointingSpec;
import io.sensorflow.operator.crd.ReadStoreSpec;
import io.sensorflow.operator.crd.RuleSpec;
import io.sensorflow.operator.crd.SensorPipeline;
import io.sensorflow.operator.crd.SensorPipelineSpec;
import io.sensorflow.operator.crd.SensorPipelineStatus;
import io.sensorflow.operator.crd.UpgradeMode;
import io.sensorflow.operator.flink.FlinkDeploymentFactory;
import io.sensorflow.operator.reconciler.ChangePolicy.Kind;
import io.sensorflow.operator.rules.ThresholdConfigMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The change policy against what the controller actually writes: for every declared field, an edit
 * of it changes the FlinkDeployment and the thresholds ConfigMap exactly as its kind says, and
 * {@code lastChange} reports that kind. No API server: the decisions alone, in milliseconds.
 */
class ChangePolicyTest {
    static final ChangeReport.Written WROTE_BOTH = new ChangeReport.Written(true, true, 2L);
    final FlinkDeploymentFactory factory = new FlinkDeploymentFactory(Pipelines.SETTINGS);

    /**
     * For each declared field, an edit of the base pipeline (autoscaler on, so that its bounds act)
     * that changes what the job runs with. A declared field without an edit here fails.
     */
    static final Map<String, Consumer<SensorPipelineSpec>> EDITS =
            Map.ofEntries(
                    entry("spec.kafka.bootstrapServers", s -> s.kafka.bootstrapServers = "k2:9092"),
                    entry("spec.kafka.topics.temperature", s -> s.kafka.topics.temperature = "t2"),
                    entry("spec.kafka.topics.humidity", s -> s.kafka.topics.humidity = "h2"),
                    entry("spec.kafka.topics.averages", s -> s.kafka.topics.averages = "a2"),
                    entry("spec.kafka.topics.alerts", s -> s.kafka.topics.alerts = "al2"),
                    entry("spec.kafka.topics.deadLetter", s -> s.kafka.topics.deadLetter = "d2"),
                    entry("spec.kafka.consumerGroup", s -> s.kafka.consumerGroup = "group-2"),
                    entry("spec.kafka.credentialsSecret", s -> s.kafka.credentialsSecret = "kc"),
                    entry(
                            "spec.readStore.url",
                            s ->
                                    s.readStore =
                                            readStore("jdbc:postgresql://db:5432/sensors", null)),
                    entry(
                            "spec.readStore.credentialsSecret",
                            s ->
                                    s.readStore =
                                            readStore("jdbc:postgresql://db:5432/sensors", "db")),
                    entry("spec.window.size", s -> s.window.size = "5m"),
                    entry("spec.window.maxOutOfOrderness", s -> s.window.maxOutOfOrderness = "1m"),
                    entry("spec.window.idleTimeout", s -> s.window.idleTimeout = "2m"),
                    entry("spec.alerting.rules[].name", s -> rule(s, 0).name = "too-hot"),
                    entry(
                            "spec.alerting.rules[].metric",
                            s -> rule(s, 1).metric = Metric.TEMPERATURE),
                    entry("spec.alerting.rules[].above", s -> rule(s, 0).above = 35.0),
                    entry("spec.alerting.rules[].below", s -> rule(s, 1).below = 30.0),
                    entry(
                            "spec.alerting.rules[].consecutiveWindows",
                            s -> rule(s, 0).consecutiveWindows = 3),
                    entry("spec.checkpointing.interval", s -> s.checkpointing.interval = "10s"),
                    entry(
                            "spec.checkpointing.mode",
                            s -> s.checkpointing.mode = CheckpointingSpec.Mode.AT_LEAST_ONCE),
                    entry(
                            "spec.checkpointing.storageDir",
                            s -> s.checkpointing.storageDir = "s3://elsewhere/greenhouse"),
                    entry(
                            "spec.checkpointing.stateBackend",
                            s ->
                                    s.checkpointing.stateBackend =
                                            CheckpointingSpec.StateBackend.HASHMAP),
                    entry("spec.parallelism", s -> s.parallelism = 4),
                    entry("spec.autoscaler.enabled", s -> s.autoscaler.enabled = false),
                    entry("spec.autoscaler.minParallelism", s -> s.autoscaler.minParallelism = 2),
                    entry("spec.autoscaler.maxParallelism", s -> s.autoscaler.maxParallelism = 6),
                    entry("spec.highAvailability", s -> s.highAvailability = false),
                    entry("spec.upgradeMode", s -> s.upgradeMode = UpgradeMode.LAST_STATE),
                    entry("spec.suspend", s -> s.suspend = true),
                    entry("spec.image", s -> s.image = "registry.example/sensorflow-job:2.0"),
                    entry("spec.jobManager.cpu", s -> s.jobManager.cpu = 2.0),
                    entry("spec.jobManager.memory", s -> s.jobManager.memory = "2g"),
                    entry("spec.taskManager.cpu", s -> s.taskManager.cpu = 2.0),
                    entry("spec.taskManager.memory", s -> s.taskManager.memory = "4g"),
                    entry("spec.taskManager.slots", s -> s.taskManager.slots = 4),
                    entry(
                            "spec.flinkConfiguration",
                            s ->
                                    s.flinkConfiguration.put(
                                            "taskmanager.network.memory.fraction", "0.2")));

    @Test
    void everyFieldOfTheCrdHasAPolicyAndEveryPolicyAField() throws Exception {
        Set<String> crd = new TreeSet<>(ConfigurationReferenceTest.crdFields().keySet());
        assertThat(new TreeSet<>(ChangePolicy.TABLE.keySet())).isEqualTo(crd);
        assertThat(new TreeSet<>(EDITS.keySet())).isEqualTo(crd);
    }

    static List<String> fields() {
        return new ArrayList<>(ChangePolicy.TABLE.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void anEditOfTheFieldDoesWhatThePolicySays(String field) {
        Kind kind = ChangePolicy.TABLE.get(field).kind();
        SensorPipeline before = base();
        SensorPipeline after = Serialization.clone(before);
        after.getMetadata().setGeneration(2L);
        EDITS.get(field).accept(after.getSpec());
        assertThat(new SpecValidator(factory).validate(after)).as("the edit is valid").isEmpty();

        // what the controller reports
        JsonNode applied = AppliedSpec.of(before, factory);
        List<ChangePolicy.Change> changes =
                ChangePolicy.changes(applied, AppliedSpec.of(after, factory));
        assertThat(changes).isNotEmpty().allSatisfy(c -> assertThat(c.kind()).isEqualTo(kind));
        SensorPipelineStatus.LastChange report =
                ChangeReport.of(2, applied, AppliedSpec.of(after, factory), WROTE_BOTH);
        assertThat(report.applied).isEqualTo(kind.word());

        // what the controller writes
        Set<String> fdChanges = changedPaths(factory.desired(before), factory.desired(after));
        ConfigMap cm = ThresholdConfigMap.desired(before, null);
        ThresholdsDocument docBefore = document(cm);
        ThresholdsDocument docAfter = document(ThresholdConfigMap.desired(after, cm));
        switch (kind) {
            case LIVE -> {
                assertThat(fdChanges).as("FlinkDeployment changes").isEmpty();
                assertThat(docAfter.thresholds()).isNotEqualTo(docBefore.thresholds());
                assertThat(docAfter.version()).isEqualTo(2);
            }
            case UPGRADE ->
                    assertThat(fdChanges)
                            .as("FlinkDeployment changes")
                            .isNotEmpty()
                            .isNotEqualTo(Set.of("/job/state"))
                            .isNotEqualTo(Set.of("/job/upgradeMode"));
            case SUSPEND -> {
                assertThat(fdChanges).isEqualTo(Set.of("/job/state"));
                assertThat(docAfter).isEqualTo(docBefore);
            }
            case NONE -> {
                assertThat(fdChanges).isEqualTo(Set.of("/job/upgradeMode"));
                assertThat(docAfter).isEqualTo(docBefore);
            }
        }
    }

    @Test
    void movingAThresholdToTheOtherSideIsAnUpgrade() {
        SensorPipeline after =
                edited(
                        s -> {
                            rule(s, 0).above = null;
                            rule(s, 0).below = 10.0;
                        });
        var report = report(after);
        assertThat(report.applied).isEqualTo("upgrade");
        assertThat(report.fields)
                .containsExactly("spec.alerting.rules[0].above", "spec.alerting.rules[0].below");
    }

    @Test
    void aRuleAddedOrRemovedIsAnUpgrade() {
        Rule cold = new Rule("cold", Metric.TEMPERATURE, Direction.BELOW, 5.0, 1);
        SensorPipeline added = edited(s -> s.alerting.rules.add(RuleSpec.of(cold)));
        assertThat(report(added).applied).isEqualTo("upgrade");
        SensorPipeline removed = edited(s -> s.alerting.rules.remove(1));
        assertThat(report(removed).applied).isEqualTo("upgrade");
        assertThat(report(removed).fields).contains("spec.alerting.rules[1].name");
    }

    @Test
    void aThresholdAndAWindowTogetherAreAnUpgradeListingBoth() {
        var report =
                report(
                        edited(
                                s -> {
                                    rule(s, 0).above = 35.0;
                                    s.window.size = "5m";
                                }));
        assertThat(report.applied).isEqualTo("upgrade");
        assertThat(report.fields)
                .containsExactlyInAnyOrder("spec.alerting.rules[0].above", "spec.window.size");
    }

    @Test
    void resumingIsReportedAsSuch() {
        SensorPipeline suspended = edited(s -> s.suspend = true);
        SensorPipeline resumed = Serialization.clone(suspended);
        resumed.getSpec().suspend = false;
        var report =
                ChangeReport.of(
                        3,
                        AppliedSpec.of(suspended, factory),
                        AppliedSpec.of(resumed, factory),
                        WROTE_BOTH);
        assertThat(report.applied).isEqualTo("resume");
        assertThat(report.fields).containsExactly("spec.suspend");
    }

    @Test
    void writingOutADefaultOrASettingThatDoesNothingIsNoChange() {
        assertThat(report(edited(s -> s.kafka.consumerGroup = "sensorflow-greenhouse")).applied)
                .isEqualTo("none");
        assertThat(report(edited(s -> s.image = Pipelines.SETTINGS.jobImage())).applied)
                .isEqualTo("none");
        SensorPipeline off = edited(s -> s.autoscaler.enabled = false);
        SensorPipeline offOtherBounds = Serialization.clone(off);
        offOtherBounds.getSpec().autoscaler.maxParallelism = 3;
        assertThat(
                        ChangePolicy.changes(
                                AppliedSpec.of(off, factory),
                                AppliedSpec.of(offOtherBounds, factory)))
                .isEmpty();
        assertThat(report(edited(s -> rule(s, 0).above = 30.000)).fields).isNull();
    }

    @Test
    void withoutARecordWhatWasWrittenTellsHowTheGenerationReachedTheJob() {
        JsonNode now = AppliedSpec.of(base(), factory);
        var created = ChangeReport.of(1, null, now, WROTE_BOTH);
        assertThat(created.applied).isEqualTo("upgrade");
        assertThat(created.fields).isNull();
        assertThat(ChangeReport.of(4, null, now, new ChangeReport.Written(false, true, 1L)).applied)
                .isEqualTo("live");
        assertThat(
                        ChangeReport.of(4, null, now, new ChangeReport.Written(false, false, 1L))
                                .applied)
                .isEqualTo("none");
    }

    // --- helpers ---

    /** The test pipeline with two rules and the autoscaler on, at generation 1. */
    static ReadStoreSpec readStore(String url, String credentialsSecret) {
        ReadStoreSpec r = new ReadStoreSpec();
        r.url = url;
        r.credentialsSecret = credentialsSecret;
        return r;
    }

    static SensorPipeline base() {
        SensorPipeline p = Pipelines.greenhouse("ns");
        p.getMetadata().setGeneration(1L);
        p.getMetadata().setUid("4d2c0a44-0000-4000-8000-000000000001");
        p.getSpec().autoscaler.enabled = true;
        return p;
    }

    static SensorPipeline edited(Consumer<SensorPipelineSpec> edit) {
        SensorPipeline p = Serialization.clone(base());
        p.getMetadata().setGeneration(2L);
        edit.accept(p.getSpec());
        return p;
    }

    SensorPipelineStatus.LastChange report(SensorPipeline after) {
        return ChangeReport.of(
                2, AppliedSpec.of(base(), factory), AppliedSpec.of(after, factory), WROTE_BOTH);
    }

    static RuleSpec rule(SensorPipelineSpec s, int i) {
        return s.alerting.rules.get(i);
    }

    static ThresholdsDocument document(ConfigMap cm) {
        return ThresholdsDocument.parse(cm.getData().get(ThresholdsDocument.KEY));
    }

    /** The JSON paths at which two FlinkDeployments' specs differ. */
    static Set<String> changedPaths(Object before, Object after) {
        JsonNode a = Serialization.jsonMapper().valueToTree(before).path("spec");
        JsonNode b = Serialization.jsonMapper().valueToTree(after).path("spec");
        Set<String> paths = new TreeSet<>();
        StreamSupport.stream(JsonDiff.asJson(a, b).spliterator(), false)
                .forEach(op -> paths.add(op.path("path").asText()));
        // a changed flinkConfiguration key or argument is one change of the map or the list
        Set<String> coarse = new TreeSet<>();
        for (String p : paths) {
            coarse.add(p.replaceFirst("^(/flinkConfiguration|/job/args|/podTemplate)/.*", "$1"));
        }
        return coarse;
    }
}
