package campaignlift.stats;

/** A closed interval [lower, upper]; either end may be infinite. */
record Interval(double lower, double upper) {}
