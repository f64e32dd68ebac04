package io.sensorflow.job.config;

import io.sensorflow.api.Rule;
import java.time.Duration;
import java.util.List;

/** What the pipeline's topology depends on, independent of where data comes from and goes. */
public record PipelineSettings(
        String pipeline,
        Duration windowSize,
        Duration maxOutOfOrderness,
        Duration idleTimeout,
        List<Rule> rules) {}
