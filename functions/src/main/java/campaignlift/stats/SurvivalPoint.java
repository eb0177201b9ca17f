package campaignlift.stats;

/**
 * One day of a Kaplan–Meier curve (docs/statistics.md §12).
 *
 * @param day t (whole days, 1..horizon)
 * @param survival Ŝ(t), the share still without the event after day t
 * @param atRisk users at risk at day t (no event or censoring before t)
 * @param events events at day t
 * @param se Greenwood standard error of Ŝ(t); NaN once Ŝ has reached 0
 */
public record SurvivalPoint(int day, double survival, long atRisk, long events, double se) {}
