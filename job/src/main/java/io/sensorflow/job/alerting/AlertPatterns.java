package io.sensorflow.job.alerting;

import org.apache.flink.cep.EventComparator;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * The two CEP patterns of a rule that needs {@code n} breaching windows in a row. Both use strict
 * contiguity over one sensor's evaluations of one rule, in window order:
 *
 * <ul>
 *   <li>firing: a calm evaluation (or the sensor's start marker), then {@code n} breaches. It
 *       matches once per run of breaches, at the {@code n}-th, because a longer run offers no
 *       second calm-then-{@code n} prefix;
 *   <li>resolved: {@code n} breaches, then a calm evaluation. Every run that fired is at least
 *       {@code n} long, so it matches exactly at the first calm window after a fired run, and never
 *       after a run too short to fire.
 * </ul>
 */
public final class AlertPatterns {
    static final String CALM_BEFORE = "calm-before";
    static final String BREACHES = "breaches";
    static final String CALM_AFTER = "calm-after";

    /** Among events of one timestamp, the start marker comes first. */
    static final EventComparator<RuleEvaluation> START_FIRST =
            (a, b) -> Boolean.compare(b.start, a.start);

    private AlertPatterns() {}

    public static Pattern<RuleEvaluation, ?> firing(int n) {
        return Pattern.<RuleEvaluation>begin(CALM_BEFORE, AfterMatchSkipStrategy.noSkip())
                .where(SimpleCondition.of(e -> !e.breached))
                .next(BREACHES)
                .where(SimpleCondition.of(e -> e.breached))
                .times(n)
                .consecutive();
    }

    public static Pattern<RuleEvaluation, ?> resolved(int n) {
        return Pattern.<RuleEvaluation>begin(BREACHES, AfterMatchSkipStrategy.noSkip())
                .where(SimpleCondition.of(e -> e.breached))
                .times(n)
                .consecutive()
                .next(CALM_AFTER)
                .where(SimpleCondition.of(e -> !e.breached && !e.start));
    }
}
