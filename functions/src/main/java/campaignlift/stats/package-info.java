/**
 * The statistics engine of campaign-lift: pure Java (no AWS, no JSON, no I/O).
 *
 * <p>It reproduces the frequentist computations of GrowthBook's gbstats 0.8.0 (Welch t-test,
 * delta-method relative lift, pooled-theta CUPED, asymptotic confidence sequences of Waudby-Smith
 * et al. arXiv:2103.06476v7), GrowthBook's SRM check and p-value corrections, and the flat-prior
 * Bayesian summary. The formulas, and the places where gbstats deviates from textbook formulas, are
 * documented in {@code docs/statistics.md} (cited as "docs/statistics.md §n" in comments).
 *
 * <p>Entry point for evaluators: {@link campaignlift.stats.LiftAnalysis#compare}. Degenerate inputs
 * never throw and never produce NaN: they give gbstats' default output (estimate 0, SE 0, CI (0,0),
 * p = 1) tagged with a {@link campaignlift.stats.Reason}.
 */
package campaignlift.stats;
