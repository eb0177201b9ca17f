package campaignlift.campaign;

/**
 * One arm of a campaign: its name, its share of assignment traffic, and whether it is the holdout.
 */
public record Group(String name, double weight, boolean control) {}
