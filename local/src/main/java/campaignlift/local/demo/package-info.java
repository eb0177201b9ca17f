/**
 * The simulated loyalty campaign behind {@code ./lift demo}: users with known effects, replayed
 * through the twin's HTTP API so the printed lifts can be checked against the truth.
 */
package campaignlift.local.demo;
