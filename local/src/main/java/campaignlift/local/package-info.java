/** The local twin behind {@code ./lift}: serve, invoke, demo, stats and bench. Never deployed. */
package campaignlift.local;
