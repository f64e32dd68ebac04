package io.sensorflow.job.query;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.transformations.PhysicalTransformation;

/**
 * Gives the operators the planner made for a query uids of our own, so that a savepoint restores
 * the query's window state exactly when it should.
 *
 * <p>The planner leaves its operators without uids (Flink 1.20, {@code table.exec.uid.generation:
 * PLAN_ONLY}; with {@code ALWAYS} their ids count up across all plans in a JVM). Flink then derives
 * an operator's id from its position in the whole job graph, so adding an alert rule elsewhere in
 * the job changes the window operator's id and its state is no longer found; and changing the
 * window size does not change it, so windows of the old size would be restored into the new
 * operator and fire with their old boundaries. Here each operator the query added, walked from its
 * output in a fixed order, gets {@code <query>/<position>-<kind>}: the same for the same query
 * however the rest of the job looks, and new when the query (its window size) changes.
 */
final class QueryOperatorIds {
    private QueryOperatorIds() {}

    /**
     * @param output the query's last transformation (its conversion to a data stream)
     * @param query names the query and everything its state depends on, e.g. {@code window-10m}
     */
    static void assign(Transformation<?> output, String query) {
        Deque<Transformation<?>> pending = new ArrayDeque<>();
        Set<Transformation<?>> seen = new HashSet<>();
        pending.add(output);
        int position = 0;
        while (!pending.isEmpty()) {
            Transformation<?> t = pending.removeFirst();
            if (!seen.add(t) || t.getUid() != null) {
                continue; // ours already (the streams the tables were made from), or visited
            }
            if (t instanceof PhysicalTransformation) {
                t.setUid(query + "/" + position++ + "-" + kind(t.getName()));
            }
            pending.addAll(t.getInputs());
        }
    }

    /** The operator's kind without the counters the planner puts in names ("Calc[8]"). */
    static String kind(String name) {
        return name.replaceAll("\\[\\d+]|\\$\\d+|[^A-Za-z_-]", "");
    }
}
