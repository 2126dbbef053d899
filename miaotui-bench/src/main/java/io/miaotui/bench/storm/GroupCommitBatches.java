package io.miaotui.bench.storm;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's group-commit batch sizes, read from its Prometheus page ({@code miaotui_group_commit_batch_size},
 * a sum and a count per kind of work): two readings around a phase give the mean batch of that phase, the figure
 * that explains a point's rate (more jobs per commit, fewer commits).
 *
 * @param totals per kind of work ({@code work} tag), the jobs committed and the batches that committed them
 */
public record GroupCommitBatches(Map<String, Totals> totals) {
    private static final Pattern SAMPLE = Pattern.compile(
            "^miaotui_group_commit_batch_size_(sum|count)\\{([^}]*)}\\s+(\\S+)");
    private static final Pattern WORK = Pattern.compile("(?:^|,)work=\"([^\"]*)\"");

    /** Jobs and batches so far, for one kind of work. */
    public record Totals(double jobs, double batches) {
    }

    /** What a Prometheus text page says; empty when the page has no such metric (group commit off, or no page). */
    public static GroupCommitBatches parse(String prometheusText) {
        var jobs = new TreeMap<String, Double>();
        var batches = new TreeMap<String, Double>();
        for (String line : prometheusText.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.find()) {
                continue;
            }
            Matcher work = WORK.matcher(sample.group(2));
            if (!work.find()) {
                continue;
            }
            double value = Double.parseDouble(sample.group(3));
            (sample.group(1).equals("sum") ? jobs : batches).merge(work.group(1), value, Double::sum);
        }
        var totals = new TreeMap<String, Totals>();
        jobs.forEach((work, sum) -> totals.put(work, new Totals(sum, batches.getOrDefault(work, 0.0))));
        return new GroupCommitBatches(Map.copyOf(totals));
    }

    /** The mean jobs per batch of each kind of work between {@code earlier} and this reading (batches committed meanwhile). */
    public Map<String, Double> meanSince(GroupCommitBatches earlier) {
        var means = new TreeMap<String, Double>();
        totals.forEach((work, now) -> {
            Totals before = earlier.totals().getOrDefault(work, new Totals(0, 0));
            double batches = now.batches() - before.batches();
            if (batches > 0) {
                means.put(work, (now.jobs() - before.jobs()) / batches);
            }
        });
        return means;
    }
}
