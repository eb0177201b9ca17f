/**
 * The statistics engine of campaign-lift: pure Java (no AWS, no JSON, no I/O), importing nothing
 * else of the project.
 *
 * <p>The public surface is a small facade. {@link campaignlift.stats.LiftAnalysis#compare} takes
 * one treatment and its control as {@link campaignlift.stats.GroupSums} (n, Σy, Σy², optional CUPED
 * {@link campaignlift.stats.CovariateSums}), a {@link campaignlift.stats.MetricType} and {@link
 * campaignlift.stats.AnalysisSettings}, and returns a {@link campaignlift.stats.LiftResult}: Welch
 * and sequential {@link campaignlift.stats.TestResult}s on both scales, the CUPED summary, the
 * chance to win and the {@link campaignlift.stats.MinimumDetectableEffect}. {@link
 * campaignlift.stats.LiftAnalysis#compareRatio} does the same for a ratio metric ΣM/ΣD from {@link
 * campaignlift.stats.RatioSums} (optional CUPED {@link campaignlift.stats.RatioCovariateSums}).
 * {@link campaignlift.stats.SurvivalAnalysis#compare} takes each arm's {@link
 * campaignlift.stats.DailySurvival} and returns a {@link campaignlift.stats.SurvivalResult}:
 * Kaplan–Meier curves, restricted mean survival times, their difference and the log-rank test.
 * Beside them, {@link campaignlift.stats.Srm} (with the project's one SRM threshold), {@link
 * campaignlift.stats.ResponseBalance} (do survey response rates differ?) and {@link
 * campaignlift.stats.PValueCorrection}. Every other type (per-group statistics, effect moments,
 * tests, θ estimation, the Bayesian summary and risk) is package-private.
 *
 * <p>The figures reproduce GrowthBook's gbstats 0.8.0 (Welch t-test, delta-method relative lift,
 * pooled-θ CUPED, asymptotic confidence sequences of Waudby-Smith et al. arXiv:2103.06476v7),
 * GrowthBook's SRM check and p-value corrections. Each method, its paper and gbstats function, and
 * each place where gbstats departs from the textbook formula are described in {@code
 * docs/statistics.md}, which comments cite as "docs/statistics.md §n" and "§10.n".
 *
 * <p>Degenerate inputs never throw and tests never produce NaN: they give gbstats' default output
 * (estimate 0, SE 0, CI (0,0), p = 1) tagged with a {@link campaignlift.stats.Reason}. Descriptive
 * survival figures of an arm without users (its RMST, a Greenwood SE once Ŝ = 0) are NaN.
 */
package campaignlift.stats;
