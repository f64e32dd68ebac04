package io.sensorflow.job.alerting;

import java.util.List;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;

/**
 * The CEP pattern of a rule that needs {@code n} breaching windows in a row: {@code n + 1} strictly
 * contiguous evaluations of one sensor and rule, in window order, of one of two shapes.
 *
 * <ul>
 *   <li>a calm evaluation (or the sensor's start marker), then {@code n} breaches: FIRING. It
 *       matches once per run of breaches, at the {@code n}-th, because a longer run offers no
 *       second calm-then-{@code n} prefix;
 *   <li>{@code n} breaches, then a calm evaluation: RESOLVED. Every run that fired is at least
 *       {@code n} long, so it matches exactly at the first calm window after a fired run, and never
 *       after a run too short to fire.
 * </ul>
 *
 * Both shapes are one pattern, so that one operator emits a rule's FIRING and RESOLVED in order.
 */
public final class AlertPatterns {
    static final String EVALUATIONS = "evaluations";

    private AlertPatterns() {}

    public static Pattern<RuleEvaluation, ?> transitions(int n) {
        return Pattern.<RuleEvaluation>begin(EVALUATIONS, AfterMatchSkipStrategy.noSkip())
                .where(new Transition(n))
                .times(n + 1)
                .consecutive();
    }

    /** Whether a match whose evaluations these are is a FIRING (else a RESOLVED) one. */
    static boolean isFiring(List<RuleEvaluation> match) {
        return !match.get(0).breached;
    }

    /** Accepts the next evaluation of a partial match when it keeps one of the two shapes. */
    static final class Transition extends IterativeCondition<RuleEvaluation> {
        private final int n;

        Transition(int n) {
            this.n = n;
        }

        @Override
        public boolean filter(RuleEvaluation next, Context<RuleEvaluation> ctx) throws Exception {
            RuleEvaluation first = null;
            int taken = 0;
            for (RuleEvaluation e : ctx.getEventsForPattern(EVALUATIONS)) {
                first = taken == 0 ? e : first;
                taken++;
            }
            if (taken == 0) {
                return true; // any evaluation may open a transition
            }
            if (!first.breached) {
                return next.breached; // calm, then n breaches
            }
            return taken < n
                    ? next.breached
                    : !next.breached && !next.start; // n breaches, then calm
        }
    }
}
